/**
 * The resolved model: what the program declares from, once every file has been validated
 * and every default and override applied. Pure data, no Pulumi.
 */
import type { DatadogModel } from "./datadog";
import type { AlarmKey, AlarmKnobs } from "./defaults";
import type { GrafanaModel } from "./grafana";
import type { OnCallConfig } from "./oncall-schema";
import type { ChannelConfig, ServiceFile } from "./schema";
import type { SentryPlatform, SentrySettings } from "./sentry";
import type { Severity, Tier } from "./vocabulary";
import type { ResolvedComposite, ResolvedLogs } from "./resolve-metrics";
import type { CustomMetric } from "./schema-metrics";

/** Where a knob's value came from, shown beside it in the plan summary. */
export type KnobSource = string;

export interface ResolvedAlarm {
  key: AlarmKey;
  knobs: AlarmKnobs;
  /** Per knob: `tier 1 default`, `Pulumi.prod.yaml` or `catalog/orders.yaml`. */
  sources: Record<keyof AlarmKnobs, KnobSource>;
}

export interface Team {
  name: string;
  displayName: string;
  email: string;
  oncall: string[];
}

export interface Service {
  name: string;
  description: string;
  team: string;
  tier: Tier;
  /** The page that says what to do when an alert fires; the production policy requires it. */
  runbook?: string;
  health?: { url: string };
  /** Resource names with `{env}` already replaced by the environment's name. */
  resources: ServiceFile["resources"];
  businessMetrics?: ServiceFile["businessMetrics"];
  /** Every alarm kind that applies to the service's resources, resolved. */
  alarms: ResolvedAlarm[];
  /** Alarms its owners declared, `{env}` replaced; their other knobs come from the `custom` kind. */
  customMetrics?: CustomMetric[];
  /** Its log group, error filters and saved queries (every service has them). */
  logs?: ResolvedLogs;
  /** Its paging "unhealthy" composite alarm. */
  composite?: ResolvedComposite;
  /** The catalog file it came from, for messages. */
  file: string;
  /** Platform of its Sentry project; `other` when the catalog does not say. */
  platform?: SentryPlatform;
}

export interface Model {
  /** The stack name: `dev`, `prod`. Used in names and tags, never branched on. */
  environment: string;
  region: string;
  teams: Record<string, Team>;
  services: Service[];
  channels: Record<string, ChannelConfig>;
  routing: Record<Severity, string[]>;
  /** Protect stateful monitoring resources (PagerDuty services) from deletion. */
  protect: boolean;
  /** Sentry settings (`servio-monitoring:sentry`); without them nothing is declared in Sentry. */
  sentry?: SentrySettings;
  /** Datadog APM (`servio-monitoring:datadog`); without it nothing is declared in Datadog. */
  datadog?: DatadogModel;
  /** Grafana settings and hand-written dashboards; without them nothing is declared in Grafana. */
  grafana?: GrafanaModel;
  /** The stack's config file, for messages. */
  configFile: string;
  /** Rotation, escalation and incident settings; required when a severity pages. */
  oncall?: OnCallConfig;
}

/** The channels that page someone, in the routing of `severity`. */
export function pagingChannels(model: Model, severity: Severity): string[] {
  return model.routing[severity].filter((c) => model.channels[c]?.type === "pagerduty");
}

/** True when some severity reaches a PagerDuty channel. */
export function pages(model: Model): boolean {
  return Object.values(model.channels).some((c) => c.type === "pagerduty") &&
    (["critical", "warning", "info"] as const).some((s) => pagingChannels(model, s).length > 0);
}
