/**
 * DatadogMonitoring: application performance monitoring of every service of an environment.
 * The places Datadog notifies (a webhook per routed webhook channel, a Slack channel per routed
 * Slack channel, a PagerDuty service link per paging service), then per service the APM monitors
 * and SLOs of `src/model/datadog-monitors.ts`, each message reaching its severity's channels.
 */
import * as datadog from "@pulumi/datadog";
import * as pulumi from "@pulumi/pulumi";

import type { DatadogModel } from "../src/model/datadog";
import type { Model } from "../src/model/model";
import {
  type ApmContext,
  type ApmService,
  channelHandles,
  decimal,
  monitorSpecs,
  pagerDutyServiceName,
  sloSpecs,
  webhookName,
} from "../src/model/datadog-monitors";
import type { ChannelConfig } from "../src/model/schema";
import type { Severity } from "../src/model/vocabulary";

/** Type tokens of the components, which the alert extractor reads. */
export const DATADOG_MONITORING = "servio:monitoring:DatadogMonitoring";
export const DATADOG_SERVICE = "servio:monitoring:DatadogServiceApm";

/** Inputs of DatadogMonitoring; every setting comes from `datadog`, none has a default here. */
export interface DatadogMonitoringArgs {
  /** Stack name, used in monitor names (`servio/prod/orders/apm-latency`). */
  environment: string;
  /** The environment's settings and each service's resolved APM knobs. */
  datadog: DatadogModel;
  /** Each gets its monitors and SLOs; those without resolved knobs are skipped. */
  services: ApmService[];
  channels: Record<string, ChannelConfig>;
  routing: Record<Severity, string[]>;
  /** Secret values by config key, for webhook channels (`urlSecret`). */
  secrets: Record<string, pulumi.Input<string>>;
  /**
   * Per service, the integration key of its PagerDuty service's Datadog integration (a secret);
   * required for every service whose monitors reach a `pagerduty` channel.
   */
  pagerDutyKeys?: Record<string, pulumi.Input<string>>;
}

/**
 * @example
 * new DatadogMonitoring("prod", {
 *   environment: "prod", datadog: model.datadog, services, channels: model.channels,
 *   routing: model.routing, secrets, pagerDutyKeys: { orders: oncall.integrations.orders.datadog },
 * });
 */
export class DatadogMonitoring extends pulumi.ComponentResource {
  constructor(name: string, args: DatadogMonitoringArgs, opts?: pulumi.ComponentResourceOptions) {
    const ctx: ApmContext = {
      environment: args.environment,
      settings: args.datadog.settings,
      channels: args.channels,
      routing: args.routing,
    };
    const routed = [...new Set(Object.values(args.routing).flat())].sort();
    // The channels each handle stands for (two may share one): the alerts read a message's
    // routes from it.
    const handles: Record<string, string[]> = {};
    for (const channel of routed) {
      for (const s of args.services) {
        for (const h of channelHandles(ctx, channel, s.name)) {
          handles[h] = [...new Set([...(handles[h] ?? []), channel])].sort();
        }
      }
    }
    super(DATADOG_MONITORING, name, { environment: args.environment, env: ctx.settings.env, handles }, opts);

    const shared: pulumi.Resource[] = [];
    for (const channel of routed) {
      const config = args.channels[channel];
      if (config?.type === "webhook") {
        const url = args.secrets[config.urlSecret];
        if (url === undefined) throw new Error(`channel "${channel}" needs the secret "${config.urlSecret}"`);
        shared.push(new datadog.Webhook(`${name}-webhook-${channel}`, {
          name: webhookName(args.environment, channel),
          url: pulumi.secret(url),
          encodeAs: "json",
        }, { parent: this }));
      }
      const slack = ctx.settings.slack;
      if (config?.type === "slack" && slack?.channels[channel]) {
        shared.push(new datadog.slack.Channel(`${name}-slack-${channel}`, {
          accountName: slack.account,
          channelName: `#${slack.channels[channel]}`,
          display: { message: true, notified: true, snapshot: true, tags: true },
        }, { parent: this }));
      }
    }

    for (const service of args.services) {
      const apm = args.datadog.services[service.name];
      if (!apm) continue;
      new DatadogServiceApm(`${name}-${service.name}`, {
        ctx, service, monitors: monitorSpecs(ctx, service, apm), slos: sloSpecs(ctx, service, apm),
        pagerDutyKey: args.pagerDutyKeys?.[service.name], shared, setBy: apm.setBy,
      }, { parent: this });
    }
    this.registerOutputs({});
  }
}

interface DatadogServiceApmArgs {
  ctx: ApmContext;
  service: ApmService;
  monitors: ReturnType<typeof monitorSpecs>;
  slos: ReturnType<typeof sloSpecs>;
  pagerDutyKey?: pulumi.Input<string>;
  /** Webhooks and Slack channels the monitors' messages name: created before them. */
  shared: pulumi.Resource[];
  /** Knobs not at their tier default, and the file that set each (`latency.warning`). */
  setBy: Record<string, string>;
}

/**
 * One service's monitors and SLOs. Its inputs record each monitor's kind and the severity of
 * each level, so the plan itself tells how urgent a Datadog alert is.
 */
class DatadogServiceApm extends pulumi.ComponentResource {
  constructor(name: string, args: DatadogServiceApmArgs, opts: pulumi.ComponentResourceOptions) {
    const { ctx, service } = args;
    super(DATADOG_SERVICE, name, {
      service: service.name,
      team: service.team.name,
      tier: service.tier,
      ...(service.runbook ? { runbook: service.runbook } : {}),
      environment: ctx.environment,
      monitors: Object.fromEntries(args.monitors.map((m) => [m.name, {
        kind: m.kind,
        severities: m.severities,
        ...(settingOf(args.setBy, m.kind) ? { setBy: settingOf(args.setBy, m.kind) } : {}),
      }])),
    }, opts);
    const child = { parent: this };

    const dependsOn = [...args.shared];
    const pages = args.monitors.some((m) => m.message.includes("@pagerduty-"));
    if (pages) {
      if (args.pagerDutyKey === undefined) {
        throw new Error(`${service.name}: its monitors page, but it has no PagerDuty integration key`);
      }
      // The link the `@pagerduty-<name>` handle resolves to, one per paging service.
      dependsOn.push(new datadog.pagerduty.ServiceObject(`${name}-pagerduty-link`, {
        serviceName: pagerDutyServiceName(ctx.environment, service.name),
        serviceKey: pulumi.secret(args.pagerDutyKey),
      }, child));
    }

    for (const m of args.monitors) {
      new datadog.Monitor(`${name}-${m.name.slice(m.name.lastIndexOf("/") + 1)}`, {
        name: m.name,
        type: m.type,
        query: m.query,
        message: m.message,
        monitorThresholds: {
          critical: decimal(m.thresholds.critical),
          ...(m.thresholds.warning !== undefined ? { warning: decimal(m.thresholds.warning) } : {}),
          ...(m.thresholds.criticalRecovery !== undefined
            ? { criticalRecovery: decimal(m.thresholds.criticalRecovery) }
            : {}),
        },
        ...(m.thresholdWindows ? { monitorThresholdWindows: m.thresholdWindows } : {}),
        notifyNoData: m.notifyNoData,
        ...(m.noDataTimeframe !== undefined ? { noDataTimeframe: m.noDataTimeframe } : {}),
        requireFullWindow: m.requireFullWindow,
        evaluationDelay: m.evaluationDelay,
        ...(m.renotifyInterval !== undefined
          ? { renotifyInterval: m.renotifyInterval, renotifyStatuses: ["alert"] }
          : {}),
        priority: m.priority,
        includeTags: true,
        tags: m.tags,
      }, { ...child, dependsOn });
    }

    for (const s of args.slos) {
      new datadog.ServiceLevelObjective(`${name}-slo-${s.key}`, {
        name: s.name,
        type: s.type,
        description: s.description,
        query: s.query,
        thresholds: s.thresholds,
        tags: s.tags,
      }, child);
    }
    this.registerOutputs({});
  }
}

/** `warning: catalog/orders.yaml` for the knobs of one monitor kind not at their default. */
function settingOf(setBy: Record<string, string>, kind: string): string | undefined {
  const own = Object.entries(setBy).filter(([k]) => k.startsWith(`${kind}.`)).sort(([a], [b]) => a.localeCompare(b));
  return own.length ? own.map(([k, file]) => `${k.slice(kind.length + 1)}: ${file}`).join(", ") : undefined;
}

/**
 * The component's inputs from the model, or undefined where the environment has no
 * `servio-monitoring:datadog`. `integrations` are OnCall's per-service PagerDuty keys.
 */
export function datadogArgsOf(
  model: Model,
  secrets: Record<string, pulumi.Input<string>>,
  integrations?: Record<string, { datadog: pulumi.Input<string> }>,
): DatadogMonitoringArgs | undefined {
  if (!model.datadog) return undefined;
  return {
    environment: model.environment,
    datadog: model.datadog,
    services: model.services.map((s) => ({ ...s, team: model.teams[s.team] })),
    channels: model.channels,
    routing: model.routing,
    secrets,
    ...(integrations
      ? { pagerDutyKeys: Object.fromEntries(Object.entries(integrations).map(([s, k]) => [s, k.datadog])) }
      : {}),
  };
}
