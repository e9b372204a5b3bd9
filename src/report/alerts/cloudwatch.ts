/** CloudWatch alarms of the plan as alerts. */
import { ALARM_KINDS, type AlarmKey } from "../../model/defaults";
import { ofType, type Plan, type PlanResource, resourceByUrn } from "../../plan/plan";
import { type Alert, channelsOfTopics, formatSeconds } from "./types";

export const METRIC_ALARM = "aws:cloudwatch/metricAlarm:MetricAlarm";

const COMPARISON: Record<string, string> = {
  GreaterThanThreshold: ">",
  GreaterThanOrEqualToThreshold: ">=",
  LessThanThreshold: "<",
  LessThanOrEqualToThreshold: "<=",
  LessThanLowerOrGreaterThanUpperThreshold: "outside band",
  LessThanLowerThreshold: "below band",
  GreaterThanUpperThreshold: "above band",
};

export function cloudwatchAlerts(plan: Plan): Alert[] {
  return ofType(plan, METRIC_ALARM).map((r) => toAlert(plan, r));
}

function toAlert(plan: Plan, r: PlanResource): Alert {
  const i = r.inputs;
  const tags = (i.tags ?? {}) as Record<string, string>;
  const name = String(i.name ?? r.name);
  const kind = tags.alarm ?? "custom";
  const known = ALARM_KINDS[kind as AlarmKey];
  const unit = known?.unit;
  const period = Number(i.period ?? firstQueryPeriod(i.metricQueries) ?? 60);
  const evaluations = Number(i.evaluationPeriods ?? 1);
  const datapoints = Number(i.datapointsToAlarm ?? evaluations);
  const actions = ((i.alarmActions ?? []) as string[]).map(String);
  return {
    urn: r.urn,
    source: "cloudwatch",
    name,
    service: tags.service ?? "",
    environment: tags.environment ?? plan.stack,
    kind,
    severity: tags.severity ?? "",
    watches: known ? `${known.title} (${metricOf(i)})` : metricOf(i),
    condition: conditionOf(i, unit),
    window: `${datapoints} of ${evaluations} × ${formatSeconds(period)}`,
    routes: channelsOfTopics(plan, actions, name),
    runbook: tags.runbook,
    team: tags.team,
    family: tags.family ?? known?.family,
    setBy: settingOf(plan, r, name),
  };
}

/** The knob sources ServiceMonitoring recorded for the alarm (see components/composite-alarm.ts). */
function settingOf(plan: Plan, r: PlanResource, name: string): string | undefined {
  const parent = resourceByUrn(plan, r.parent);
  const settings = parent?.inputs.settings as Record<string, string> | undefined;
  return settings?.[name];
}

function firstQueryPeriod(queries: unknown): number | undefined {
  if (!Array.isArray(queries)) return undefined;
  const withMetric = queries.find((q) => q?.metric?.period);
  return withMetric ? Number(withMetric.metric.period) : undefined;
}

function metricNameOf(i: Record<string, unknown>): string {
  return String(i.metricName ?? "");
}

/** `AWS/ApplicationELB TargetResponseTime p99`, or the returned metric-math expression. */
function metricOf(i: Record<string, unknown>): string {
  if (i.metricName) return `${String(i.namespace)} ${String(i.metricName)} ${String(i.extendedStatistic ?? i.statistic)}`;
  const queries = (i.metricQueries ?? []) as {
    id: string; label?: string; expression?: string; returnData?: boolean; metric?: { metricName: string };
  }[];
  const returned = queries.find((q) => q.returnData && q.id !== i.thresholdMetricId);
  if (returned?.metric) return returned.metric.metricName;
  if (!returned?.expression) return "metric math";
  const text = queries.reduce(
    (t, q) => (q.metric ? t.replace(new RegExp(`\\b${q.id}\\b`, "g"), q.metric.metricName) : t),
    returned.expression,
  );
  // Ten summed operations read better as their label.
  return text.length > 90 && returned.label ? returned.label : text;
}

/** `> 2 %`, `< 10 GiB`, `outside band (3 σ)`. */
function conditionOf(i: Record<string, unknown>, unit: string | undefined): string {
  const comparison = COMPARISON[String(i.comparisonOperator)] ?? String(i.comparisonOperator);
  if (i.thresholdMetricId !== undefined) {
    const queries = (i.metricQueries ?? []) as { id: string; expression?: string }[];
    const band = queries.find((q) => q.id === i.thresholdMetricId)?.expression ?? "";
    const width = /,\s*([\d.]+)\s*\)$/.exec(band)?.[1] ?? "2";
    return `${comparison} (${width} σ)`;
  }
  return `${comparison} ${formatThreshold(Number(i.threshold), unit, metricNameOf(i))}`;
}

/** Metrics CloudWatch reports in seconds whose knobs are in milliseconds. */
const SECONDS_METRICS = ["TargetResponseTime", "ReadLatency", "WriteLatency", "ReplicaLag"];

/** The threshold in the unit a person thinks in (ms for ALB response time, kept in seconds). */
function formatThreshold(value: number, unit: string | undefined, metricName: string): string {
  if (SECONDS_METRICS.includes(metricName)) return `${Math.round(value * 1000)} ms`;
  if (unit === "GiB") return `${value / 1024 ** 3} GiB`;
  if (unit === "MiB") return `${value / 1024 ** 2} MiB`;
  if (unit === "s") return `${value} s`;
  if (unit === "%") return `${value} %`;
  if (unit === "ms") return `${value} ms`;
  return String(value);
}
