/**
 * Alarm kinds and their defaults by tier: the one table to read when asking "why does this
 * alarm fire at that value?". Environments override it in `Pulumi.<env>.yaml` under
 * `servio-monitoring:alarms`, services in their catalog file under `alarms`.
 */
import type { Severity, Tier } from "./vocabulary";

export const ALARM_KEYS = [
  "albTarget5xxRate",
  "albTargetP99Latency",
  "apiGateway5xxRate",
  "apiGatewayP99Latency",
  "lambdaErrorRate",
  "lambdaThrottles",
  "lambdaP99Duration",
  "uptime",
] as const;
export type AlarmKey = (typeof ALARM_KEYS)[number];

/** The settings of one alarm that a user may change. */
export interface AlarmKnobs {
  enabled: boolean;
  severity: Severity;
  /** In the kind's unit (see ALARM_KINDS). */
  threshold: number;
  /** Seconds per datapoint: 10, 30 or a multiple of 60. */
  period: number;
  /** How many recent periods are looked at. */
  evaluationPeriods: number;
  /** How many of those must breach: "3 of 5" rides out a single bad minute. */
  datapointsToAlarm: number;
}
export const KNOB_NAMES = [
  "enabled",
  "severity",
  "threshold",
  "period",
  "evaluationPeriods",
  "datapointsToAlarm",
] as const satisfies readonly (keyof AlarmKnobs)[];

export interface AlarmKind {
  /** What a reader sees in the summary, the docs and the alarm description. */
  title: string;
  unit: "%" | "ms" | "count" | "status";
  /** Kebab-case part of the alarm name. */
  slug: string;
  /** Whether the threshold is meaningful to change (an uptime check's is fixed). */
  fixedThreshold?: boolean;
}

export const ALARM_KINDS: Record<AlarmKey, AlarmKind> = {
  albTarget5xxRate: { title: "ALB target 5xx rate", unit: "%", slug: "alb-target-5xx-rate" },
  albTargetP99Latency: { title: "ALB target p99 response time", unit: "ms", slug: "alb-target-p99-latency" },
  apiGateway5xxRate: { title: "API Gateway 5xx rate", unit: "%", slug: "apigw-5xx-rate" },
  apiGatewayP99Latency: { title: "API Gateway p99 latency", unit: "ms", slug: "apigw-p99-latency" },
  lambdaErrorRate: { title: "Lambda error rate", unit: "%", slug: "lambda-error-rate" },
  lambdaThrottles: { title: "Lambda throttles", unit: "count", slug: "lambda-throttles" },
  lambdaP99Duration: { title: "Lambda p99 duration", unit: "ms", slug: "lambda-p99-duration" },
  uptime: { title: "Uptime check failing", unit: "status", slug: "uptime", fixedThreshold: true },
};

/** `k("critical", 2, 3, 5)`: critical above 2, when 3 of the last 5 one-minute periods breach. */
function k(severity: Severity, threshold: number, datapoints: number, evaluations: number, period = 60): AlarmKnobs {
  return { enabled: true, severity, threshold, period, evaluationPeriods: evaluations, datapointsToAlarm: datapoints };
}

/* eslint-disable prettier/prettier */
export const TIER_DEFAULTS: Record<AlarmKey, Record<Tier, AlarmKnobs>> = {
  //                     tier 1                           tier 2                           tier 3
  albTarget5xxRate:     { 1: k("critical", 2, 3, 5),      2: k("warning", 5, 3, 5),        3: k("warning", 10, 5, 5) },
  albTargetP99Latency:  { 1: k("warning", 1500, 5, 5),    2: k("warning", 2000, 5, 5),     3: k("info", 3000, 5, 5) },
  apiGateway5xxRate:    { 1: k("critical", 2, 3, 5),      2: k("warning", 5, 3, 5),        3: k("warning", 10, 5, 5) },
  apiGatewayP99Latency: { 1: k("warning", 1500, 5, 5),    2: k("warning", 2000, 5, 5),     3: k("info", 3000, 5, 5) },
  lambdaErrorRate:      { 1: k("critical", 2, 3, 5),      2: k("warning", 5, 3, 5),        3: k("warning", 10, 5, 5) },
  lambdaThrottles:      { 1: k("warning", 0, 3, 5),       2: k("warning", 0, 3, 5),        3: k("info", 0, 5, 5) },
  lambdaP99Duration:    { 1: k("warning", 3000, 5, 5),    2: k("warning", 5000, 5, 5),     3: k("info", 10000, 5, 5) },
  uptime:               { 1: k("critical", 1, 2, 2),      2: k("critical", 1, 2, 2),       3: k("warning", 1, 3, 3) },
};
