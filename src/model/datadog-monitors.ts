/**
 * Datadog APM monitors and SLOs of one service, as plain data: latency at a percentile, error
 * rate (errors over hits) and a throughput anomaly, on the trace metrics of its entry spans;
 * an availability and a latency SLO. The component turns a spec into a resource and nothing
 * more. Each threshold is held once: the query's comparison and `monitorThresholds` are both
 * written from it, so the two can never disagree.
 */
import { alarmName } from "./alarm-specs";
import {
  APM_NO_DATA,
  APM_SEVERITY,
  type ApmMonitorKind,
  type DatadogSettings,
  type ResolvedApm,
} from "./datadog";
import type { ChannelConfig } from "./schema";
import { NAME_PREFIX, type Severity, type Tier } from "./vocabulary";

/** What every spec needs: the stack, its Datadog settings and its routes. */
export interface ApmContext {
  environment: string;
  settings: DatadogSettings;
  channels: Record<string, ChannelConfig>;
  routing: Record<Severity, string[]>;
}

/** What a spec needs of a service and its owner. */
export interface ApmService {
  name: string;
  description: string;
  tier: Tier;
  runbook?: string;
  team: { name: string; displayName: string; email: string };
}

export type Level = "critical" | "warning";

/** A Datadog monitor as data: the inputs of a `datadog.Monitor`. */
export interface MonitorSpec {
  kind: ApmMonitorKind;
  /** `servio/<env>/<service>/apm-<kind>`, like the CloudWatch alarms. */
  name: string;
  type: "query alert";
  query: string;
  /** In the query's unit (seconds, %, or the anomalous fraction of the alert window). */
  thresholds: { critical: number; warning?: number; criticalRecovery?: number };
  /** Anomaly monitors only: how long outside the band before alerting, and back to recover. */
  thresholdWindows?: { triggerWindow: string; recoveryWindow: string };
  /** Severity of each level, which decides the handles in its message block. */
  severities: Partial<Record<Level, Severity>>;
  message: string;
  tags: string[];
  notifyNoData: boolean;
  /** Minutes without data before notifying; twice the evaluation window. */
  noDataTimeframe?: number;
  requireFullWindow: boolean;
  evaluationDelay: number;
  /** Minutes between re-notifications while alerting; absent: never. */
  renotifyInterval?: number;
  /** 1 (highest) to 5, from the critical level's severity. */
  priority: string;
}

/** A metric SLO as data: good events over all events. */
export interface SloSpec {
  key: "availability" | "latency";
  name: string;
  type: "metric";
  description: string;
  query: { numerator: string; denominator: string };
  thresholds: { timeframe: string; target: number; warning: number }[];
  tags: string[];
}

const PRIORITY: Record<Severity, string> = { critical: "1", warning: "3", info: "5" };

/** Name Datadog's PagerDuty integration knows a service's PagerDuty service by. */
export function pagerDutyServiceName(environment: string, service: string): string {
  return `${NAME_PREFIX}-${environment}-${service}`;
}

/** Name of the Datadog webhook that posts to a webhook channel. */
export function webhookName(environment: string, channel: string): string {
  return `${NAME_PREFIX}-${environment}-${channel}`;
}

/** The @-handles that notify one channel about one service, in Datadog's syntax. */
export function channelHandles(ctx: ApmContext, channel: string, service: string): string[] {
  const config = ctx.channels[channel];
  switch (config?.type) {
    case "email":
      return config.addresses.map((a) => `@${a}`);
    case "pagerduty":
      return [`@pagerduty-${pagerDutyServiceName(ctx.environment, service)}`];
    case "webhook":
      return [`@webhook-${webhookName(ctx.environment, channel)}`];
    case "slack": {
      const slack = ctx.settings.slack;
      const name = slack?.channels[channel];
      return slack && name ? [`@slack-${slack.account}-${name}`] : [];
    }
    default:
      return [];
  }
}

/** The handles a severity reaches for one service, in routing order. */
export function severityHandles(ctx: ApmContext, severity: Severity, service: string): string[] {
  // Two channels may share a handle (two PagerDuty channels reach the service the same way):
  // Datadog is told once.
  return [...new Set(ctx.routing[severity].flatMap((c) => channelHandles(ctx, c, service)))];
}

/** `service:orders,env:prod`: the scope of every query of a service. */
export function scopeOf(ctx: ApmContext, service: string): string {
  return `service:${service},env:${ctx.settings.env}`;
}

/** `last_5m`, `last_1h`: Datadog's timeframe of a number of minutes. */
export function timeframe(minutes: number): string {
  return minutes % 60 === 0 ? `last_${minutes / 60}h` : `last_${minutes}m`;
}

/** Rounds away binary noise (1500 / 1000 is 1.5, 0.1 × 3 is 0.3). */
function round(value: number): number {
  return Number(value.toPrecision(12));
}

/**
 * A number as Datadog's query grammar reads it: plain decimal digits, never JavaScript's
 * exponent form (`1e-7`), which the query parser refuses.
 */
export function decimal(value: number): string {
  const text = String(value);
  const m = /^(-?)(\d)(?:\.(\d+))?e([+-]\d+)$/.exec(text);
  if (!m) return text;
  const [, sign, lead, rest = "", exp] = m;
  const digits = lead + rest;
  const point = 1 + Number(exp);
  if (point <= 0) return `${sign}0.${"0".repeat(-point)}${digits}`;
  return `${sign}${digits.padEnd(point, "0")}`;
}

/** The enabled APM monitors of a service. */
export function monitorSpecs(ctx: ApmContext, service: ApmService, apm: ResolvedApm): MonitorSpec[] {
  const { knobs, operation } = apm;
  const metric = `trace.${operation}`;
  const scope = `{${scopeOf(ctx, service.name)}}`;
  const specs: MonitorSpec[] = [];

  if (knobs.latency.enabled) {
    const l = knobs.latency;
    // The trace distribution is in seconds; the knobs in milliseconds.
    const critical = round(l.critical / 1000);
    const warning = round(l.warning / 1000);
    specs.push(spec(ctx, service, "latency", {
      query: `percentile(${timeframe(l.window)}):${l.percentile}:${metric}${scope} > ${decimal(critical)}`,
      thresholds: { critical, warning },
      window: l.window,
      text: {
        critical: `${l.percentile} latency of ${metric} is above ${l.critical} ms over ${l.window} min`,
        warning: `${l.percentile} latency of ${metric} is above ${l.warning} ms over ${l.window} min`,
      },
    }));
  }

  if (knobs.errorRate.enabled) {
    const e = knobs.errorRate;
    const ratio = `sum:${metric}.errors${scope}.as_count() / sum:${metric}.hits${scope}.as_count()`;
    specs.push(spec(ctx, service, "errorRate", {
      query: `sum(${timeframe(e.window)}):100 * (${ratio}) > ${decimal(e.critical)}`,
      thresholds: { critical: e.critical, warning: e.warning },
      window: e.window,
      text: {
        critical: `more than ${e.critical} % of ${metric} requests fail over ${e.window} min`,
        warning: `more than ${e.warning} % of ${metric} requests fail over ${e.window} min`,
      },
    }));
  }

  if (knobs.throughput.enabled) {
    const t = knobs.throughput;
    const alertWindow = timeframe(t.alertWindow);
    // The history the band is drawn from: 16 alert windows (4 h for a 15-minute window).
    const history = timeframe(t.alertWindow * 16);
    const hits = `sum:${metric}.hits${scope}.as_count()`;
    // Alert when the whole alert window (a fraction of 1) is outside the band.
    const critical = 1;
    specs.push(spec(ctx, service, "throughput", {
      query: `avg(${history}):anomalies(${hits}, 'agile', ${t.deviations}, direction='${t.direction}', ` +
        `alert_window='${alertWindow}', interval=60, count_default_zero='true') >= ${critical}`,
      thresholds: { critical, criticalRecovery: 0 },
      thresholdWindows: { triggerWindow: alertWindow, recoveryWindow: alertWindow },
      window: t.alertWindow,
      text: {
        critical: `requests to ${metric} are ${t.direction === "both" ? "outside" : t.direction} ` +
          `their usual band (${t.deviations} σ) for ${t.alertWindow} min`,
      },
    }));
  }
  return specs;
}

interface Shape {
  query: string;
  thresholds: MonitorSpec["thresholds"];
  thresholdWindows?: MonitorSpec["thresholdWindows"];
  /** Evaluation window in minutes, which the no-data timeframe doubles. */
  window: number;
  text: Partial<Record<Level, string>>;
}

const SLUG: Record<ApmMonitorKind, string> = {
  latency: "apm-latency",
  errorRate: "apm-error-rate",
  throughput: "apm-throughput",
};

function spec(ctx: ApmContext, service: ApmService, kind: ApmMonitorKind, shape: Shape): MonitorSpec {
  const levels = APM_SEVERITY[kind][service.tier];
  const severities: MonitorSpec["severities"] = { critical: levels.critical };
  if (shape.thresholds.warning !== undefined && levels.warning) severities.warning = levels.warning;
  const noData = APM_NO_DATA[kind];
  const renotify = ctx.settings.renotifyMinutes;
  return {
    kind,
    name: alarmName(ctx.environment, service.name, SLUG[kind]),
    type: "query alert",
    query: shape.query,
    thresholds: shape.thresholds,
    ...(shape.thresholdWindows ? { thresholdWindows: shape.thresholdWindows } : {}),
    severities,
    message: messageOf(ctx, service, shape.text, severities),
    tags: tagsOf(ctx, service),
    notifyNoData: noData.notifyNoData,
    ...(noData.notifyNoData ? { noDataTimeframe: 2 * shape.window } : {}),
    requireFullWindow: noData.requireFullWindow,
    evaluationDelay: ctx.settings.evaluationDelay,
    ...(renotify > 0 ? { renotifyInterval: renotify } : {}),
    priority: PRIORITY[levels.critical],
  };
}

/** Tags of every monitor and SLO of a service. */
function tagsOf(ctx: ApmContext, service: ApmService): string[] {
  return [
    `service:${service.name}`,
    `env:${ctx.settings.env}`,
    `team:${service.team.name}`,
    `tier:${service.tier}`,
    "managed-by:servio-monitoring",
  ];
}

const BLOCK: Record<Level, string> = { critical: "is_alert", warning: "is_warning" };

/**
 * The notification: one block per level, notifying only the handles of its severity's route,
 * then the service, its owner and its runbook.
 */
function messageOf(
  ctx: ApmContext,
  service: ApmService,
  text: Partial<Record<Level, string>>,
  severities: MonitorSpec["severities"],
): string {
  const lines: string[] = [];
  for (const level of ["critical", "warning"] as const) {
    const severity = severities[level];
    if (!severity || !text[level]) continue;
    const handles = severityHandles(ctx, severity, service.name);
    const notify = handles.length ? ` Notifying: ${handles.join(" ")}` : "";
    lines.push(`{{#${BLOCK[level]}}}[${severity}] ${service.name}: ${text[level]}.${notify}{{/${BLOCK[level]}}}`);
  }
  lines.push(
    "",
    `Service: ${service.name} (tier ${service.tier}), ${service.description}`,
    `Owner: ${service.team.displayName} (${service.team.email})`,
    `Runbook: ${service.runbook ?? "none: add one to the service's catalog file"}`,
  );
  return lines.join("\n");
}

/** The availability and latency SLOs of a service. */
export function sloSpecs(ctx: ApmContext, service: ApmService, apm: ResolvedApm): SloSpec[] {
  const { slo } = apm.knobs;
  const metric = `trace.${apm.operation}`;
  const scope = `{${scopeOf(ctx, service.name)}}`;
  const hits = `sum:${metric}.hits${scope}.as_count()`;
  const seconds = round(slo.latency.thresholdMs / 1000);
  const latencyTarget = slo.latency.percentile === "p99" ? 99 : 95;
  const make = (key: SloSpec["key"], target: number, description: string, query: SloSpec["query"]): SloSpec => ({
    key,
    name: alarmName(ctx.environment, service.name, `slo-${key}`),
    type: "metric",
    description: `${description}. Owner: ${service.team.displayName}. Runbook: ${service.runbook ?? "none"}`,
    query,
    // The warning sits halfway between the target and 100 %: half the error budget spent.
    thresholds: [{ timeframe: slo.timeframe, target, warning: round(target + (100 - target) / 2) }],
    tags: tagsOf(ctx, service),
  });
  return [
    make("availability", slo.availability, `${slo.availability} % of ${service.name} requests succeed`, {
      numerator: `${hits} - sum:${metric}.errors${scope}.as_count()`,
      denominator: hits,
    }),
    make("latency", latencyTarget, `${latencyTarget} % of ${service.name} requests take at most ` +
      `${slo.latency.thresholdMs} ms (${slo.latency.percentile})`, {
      numerator: `count(v: v<=${decimal(seconds)}):${metric}${scope}`,
      denominator: `count:${metric}${scope}`,
    }),
  ];
}
