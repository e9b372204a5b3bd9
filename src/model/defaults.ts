/**
 * Alarm kinds and their defaults by tier: the one table to read when asking "why does this
 * alarm fire at that value?". Environments override it in `Pulumi.<env>.yaml` under
 * `servio-monitoring:alarms`, services in their catalog file under `alarms`.
 */
import type { Severity, Tier } from "./vocabulary";
import { DATABASE_KINDS, INFRASTRUCTURE_KINDS, OTHER_KINDS } from "./kinds";

export const ALARM_KEYS = [
  "albTarget5xxRate",
  "albTargetP99Latency",
  "apiGateway5xxRate",
  "apiGatewayP99Latency",
  "lambdaErrorRate",
  "lambdaThrottles",
  "lambdaP99Duration",
  "uptime",
  // infrastructure
  "ecsCpu",
  "ecsMemory",
  "albUnhealthyHosts",
  "albHealthyHosts",
  "ec2Cpu",
  "ec2Memory",
  "ec2Disk",
  "lambdaConcurrency",
  "sqsOldestMessageAge",
  "sqsDlqDepth",
  // databases
  "dbCpu",
  "dbConnections",
  "dbFreeStorage",
  "dbFreeableMemory",
  "dbReadLatency",
  "dbWriteLatency",
  "dbReplicaLag",
  "dbDeadlocks",
  "dynamoThrottles",
  "dynamoSystemErrors",
  "dynamoCapacity",
  // business, custom, logs
  "businessAnomaly",
  "businessFloor",
  "custom",
  "logErrors",
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

/**
 * The families the summary groups alarms by: what the service does for its users
 * (`application`), what it runs on, its data stores, the business it makes, the metrics its
 * owners declared themselves, and its logs.
 */
export const FAMILIES = ["application", "infrastructure", "database", "business", "custom", "logs"] as const;
export type Family = (typeof FAMILIES)[number];

export interface AlarmKind {
  /** What a reader sees in the summary, the docs and the alarm description. */
  title: string;
  family: Family;
  /** `s` seconds, `GiB`/`MiB` sizes, `σ` standard deviations of an anomaly band. */
  unit: "%" | "ms" | "s" | "count" | "status" | "GiB" | "MiB" | "σ";
  /** Fires below the threshold (a floor) instead of above it. */
  below?: boolean;
  /** Kebab-case part of the alarm name. */
  slug: string;
  /** Whether the threshold is meaningful to change (an uptime check's is fixed). */
  fixedThreshold?: boolean;
  /** The threshold belongs to each entry (custom metrics), not to the kind. */
  thresholdPerEntry?: boolean;
}

export const ALARM_KINDS: Record<AlarmKey, AlarmKind> = {
  albTarget5xxRate: { title: "ALB target 5xx rate", family: "application", unit: "%", slug: "alb-target-5xx-rate" },
  albTargetP99Latency: { title: "ALB target p99 response time", family: "application", unit: "ms", slug: "alb-target-p99-latency" },
  apiGateway5xxRate: { title: "API Gateway 5xx rate", family: "application", unit: "%", slug: "apigw-5xx-rate" },
  apiGatewayP99Latency: { title: "API Gateway p99 latency", family: "application", unit: "ms", slug: "apigw-p99-latency" },
  lambdaErrorRate: { title: "Lambda error rate", family: "application", unit: "%", slug: "lambda-error-rate" },
  lambdaThrottles: { title: "Lambda throttles", family: "infrastructure", unit: "count", slug: "lambda-throttles" },
  lambdaP99Duration: { title: "Lambda p99 duration", family: "application", unit: "ms", slug: "lambda-p99-duration" },
  uptime: { title: "Uptime check failing", family: "application", unit: "status", slug: "uptime", fixedThreshold: true },
  ...INFRASTRUCTURE_KINDS,
  ...DATABASE_KINDS,
  ...OTHER_KINDS,
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
  // infrastructure: saturation warns; losing every healthy host is an outage
  ecsCpu:               { 1: k("warning", 85, 5, 5),      2: k("warning", 90, 5, 5),       3: k("info", 90, 10, 10) },
  ecsMemory:            { 1: k("warning", 85, 5, 5),      2: k("warning", 90, 5, 5),       3: k("info", 90, 10, 10) },
  albUnhealthyHosts:    { 1: k("warning", 0, 3, 5),       2: k("warning", 0, 3, 5),        3: k("info", 0, 5, 5) },
  albHealthyHosts:      { 1: k("critical", 1, 2, 2),      2: k("critical", 1, 2, 2),       3: k("warning", 1, 3, 3) },
  ec2Cpu:               { 1: k("warning", 85, 5, 5),      2: k("warning", 90, 5, 5),       3: k("info", 90, 10, 10) },
  ec2Memory:            { 1: k("warning", 90, 5, 5),      2: k("warning", 90, 5, 5),       3: k("info", 95, 10, 10) },
  ec2Disk:              { 1: k("warning", 85, 1, 1, 300), 2: k("warning", 85, 1, 1, 300),  3: k("info", 90, 1, 1, 300) },
  lambdaConcurrency:    { 1: k("warning", 80, 3, 5),      2: k("warning", 90, 3, 5),       3: k("info", 90, 5, 5) },
  sqsOldestMessageAge:  { 1: k("warning", 300, 3, 3),     2: k("warning", 900, 3, 3),      3: k("info", 3600, 3, 3, 300) },
  sqsDlqDepth:          { 1: k("warning", 0, 1, 1),       2: k("warning", 0, 1, 1),        3: k("warning", 0, 1, 1) },
  // databases: running out of storage is the one that pages
  dbCpu:                { 1: k("warning", 80, 5, 5),      2: k("warning", 85, 5, 5),       3: k("info", 90, 10, 10) },
  dbConnections:        { 1: k("warning", 80, 3, 5),      2: k("warning", 85, 3, 5),       3: k("info", 90, 5, 5) },
  dbFreeStorage:        { 1: k("critical", 10, 2, 2, 300), 2: k("warning", 10, 2, 2, 300), 3: k("warning", 5, 2, 2, 300) },
  dbFreeableMemory:     { 1: k("warning", 256, 5, 5),     2: k("warning", 256, 5, 5),      3: k("info", 128, 10, 10) },
  dbReadLatency:        { 1: k("warning", 20, 5, 5),      2: k("warning", 50, 5, 5),       3: k("info", 100, 5, 5) },
  dbWriteLatency:       { 1: k("warning", 20, 5, 5),      2: k("warning", 50, 5, 5),       3: k("info", 100, 5, 5) },
  dbReplicaLag:         { 1: k("warning", 2000, 3, 5),    2: k("warning", 5000, 3, 5),     3: k("info", 30000, 5, 5) },
  dbDeadlocks:          { 1: k("warning", 0, 3, 5),       2: k("warning", 0, 3, 5),        3: k("info", 0, 5, 5) },
  dynamoThrottles:      { 1: k("warning", 0, 3, 5),       2: k("warning", 0, 3, 5),        3: k("info", 0, 5, 5) },
  dynamoSystemErrors:   { 1: k("critical", 0, 3, 5),      2: k("warning", 0, 3, 5),        3: k("warning", 0, 5, 5) },
  dynamoCapacity:       { 1: k("warning", 80, 5, 5),      2: k("warning", 85, 5, 5),       3: k("info", 90, 5, 5) },
  // business: bands are 5-minute sums, floors "nothing for 15 minutes"
  businessAnomaly:      { 1: k("warning", 3, 3, 3, 300),  2: k("warning", 3, 3, 3, 300),   3: k("info", 4, 3, 3, 300) },
  businessFloor:        { 1: k("critical", 1, 3, 3, 300), 2: k("warning", 1, 3, 3, 300),  3: k("warning", 1, 3, 3, 900) },
  // custom metrics bring their own threshold; these are the rest of their knobs
  custom:               { 1: k("warning", 0, 3, 5),       2: k("warning", 0, 3, 5),        3: k("info", 0, 5, 5) },
  logErrors:            { 1: k("warning", 10, 3, 5),      2: k("warning", 20, 3, 5),       3: k("info", 50, 5, 5) },
};
