/**
 * Catalog and environment shapes for issue 3 (every metric family): databases' facts,
 * Auto Scaling groups, custom metrics, logs and composite alarms. Strict like the rest of
 * `schema.ts`, which includes them.
 */
import { z } from "zod";

import { filterPatternProblem } from "./log-patterns";
import { checkPlaceholders, distinct } from "./schema-rules";
import { SEVERITIES } from "./vocabulary";

const id = z
  .string()
  .regex(
    /^[a-z][a-z0-9-]*[a-z0-9]$/,
    "must be lower-case letters, digits and dashes, starting with a letter",
  )
  .max(64);
const awsName = z.string().min(1).max(255).regex(/^[^\s]+$/, "must not contain spaces");

/** Retention periods CloudWatch Logs accepts, in days; 0 keeps events forever. */
export const RETENTION_DAYS = [
  0, 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922,
  3288, 3653,
] as const;
export const retentionDays = z
  .number()
  .refine((d) => (RETENTION_DAYS as readonly number[]).includes(d), {
    message: `must be one of ${RETENTION_DAYS.join(", ")} days (0 keeps logs forever)`,
  });

/** Engines as RDS names them; only Aurora MySQL reports `Deadlocks` to CloudWatch. */
export const DB_ENGINES = [
  "aurora-mysql", "aurora-postgresql", "mysql", "mariadb", "postgres",
] as const;

/**
 * What CloudWatch cannot tell about a database the service lists (`rdsInstance`,
 * `auroraCluster`), keyed by its identifier.
 */
export const databaseFacts = z.strictObject({
  engine: z.enum(DB_ENGINES),
  /** The engine's `max_connections` for the instance class: connections alarm on a share of it. */
  maxConnections: z.number().int().positive(),
  /** Read replicas of an RDS instance; each reports its own `ReplicaLag`. */
  readReplicas: distinct(awsName, String, "replica").min(1).optional(),
});

/** Extra keys of a catalog entry's `resources`. */
export const extraResources = {
  /** Auto Scaling groups of EC2 hosts; memory and disk need the CloudWatch agent (see docs). */
  autoScalingGroups: distinct(awsName, String, "group").min(1).optional(),
  /** Concurrency the Lambda functions share: their reserved concurrency or the account limit. */
  lambdaConcurrencyLimit: z.number().int().positive().optional(),
  databases: z.record(awsName, databaseFacts).optional(),
};

/** `Sum`, `Average`, `Minimum`, `Maximum`, `SampleCount`, or a percentile such as `p99.9`. */
export const statistic = z
  .string()
  .regex(
    /^(Sum|Average|Minimum|Maximum|SampleCount|p(\d{1,2}(\.\d{1,10})?|100))$/,
    'must be Sum, Average, Minimum, Maximum, SampleCount or a percentile such as "p99"',
  );

const queryId = z
  .string()
  .regex(/^[a-z][a-zA-Z0-9_]*$/, "must be a metric-math query id: a lower-case letter, then letters, digits and _");

const metricStat = z.strictObject({
  namespace: z.string().min(1).max(255),
  name: z.string().min(1).max(255),
  dimensions: z.record(z.string().min(1).max(255), z.string().min(1).max(1024)).default({}),
  statistic,
});
export type CustomMetricStat = z.infer<typeof metricStat>;

/** The comparisons a custom alarm may use, in CloudWatch's words. */
export const CUSTOM_COMPARISONS = [
  "GreaterThanThreshold", "GreaterThanOrEqualToThreshold", "LessThanThreshold",
  "LessThanOrEqualToThreshold",
] as const;

/** One alarm its owners declare: a metric, or metric math over named metrics. */
export const customMetric = z
  .strictObject({
    id,
    description: z.string().min(1),
    metric: metricStat.optional(),
    /** Metric math over `metrics`, e.g. `100 * failed / total`. */
    expression: z.string().min(1).max(1024).optional(),
    /** The metrics an expression names, by query id (lower-case first letter). */
    metrics: z.record(queryId, metricStat).optional(),
    threshold: z.number(),
    comparison: z.enum(CUSTOM_COMPARISONS),
    /** What no data means; `missing` unless said (CloudWatch keeps the last state). */
    treatMissingData: z.enum(["breaching", "notBreaching", "ignore", "missing"]).optional(),
    enabled: z.boolean().optional(),
    severity: z.enum(SEVERITIES).optional(),
    period: z.number().int().positive().optional(),
    evaluationPeriods: z.number().int().min(1).optional(),
    datapointsToAlarm: z.number().int().min(1).optional(),
  })
  .superRefine((m, ctx) => {
    // `input: undefined` keeps "found a mapping" out of the message.
    const issue = (message: string, path: string[] = []) =>
      ctx.addIssue({ code: "custom", message, path, input: undefined });
    if ((m.metric === undefined) === (m.expression === undefined)) {
      issue("needs exactly one of metric and expression");
    }
    if (m.expression !== undefined && m.metrics === undefined) {
      issue("an expression needs the metrics it names", ["metrics"]);
    }
    if (m.metric !== undefined && m.metrics !== undefined) {
      issue("metrics go with an expression, not with metric", ["metrics"]);
    }
    // Custom metrics get {env} substituted like the resources.
    checkPlaceholders(m, ctx);
  });
export type CustomMetric = z.infer<typeof customMetric>;

const filterPattern = z.string().superRefine((p, ctx) => {
  const problem = filterPatternProblem(p);
  if (problem) ctx.addIssue({ code: "custom", message: problem, input: undefined });
});

/** A service's logs: its own retention, error patterns and saved Logs Insights queries. */
export const serviceLogs = z.strictObject({
  retentionDays: retentionDays.optional(),
  /** Metric filter patterns by id; each feeds a `log-errors/<id>` alarm. */
  errorPatterns: z.record(id, filterPattern).optional(),
  /** Logs Insights queries by id, saved next to the defaults. */
  queries: z.record(id, z.string().min(1).max(10_000)).optional(),
});

/** Extra keys of a catalog entry. */
export const extraServiceKeys = {
  customMetrics: distinct(customMetric, (m) => m.id, "id").min(1).optional(),
  logs: serviceLogs.optional(),
  /** Per service: `enabled: false` keeps its alarms paging one by one. */
  composite: z.strictObject({ enabled: z.boolean() }).optional(),
};

/** Extra keys under `servio-monitoring:` in Pulumi.<env>.yaml. */
export const extraEnvironmentSchemas = {
  /** `{ retentionDays: 90 }`: how long the services' log groups keep events. */
  logs: z.strictObject({ retentionDays }),
  /** `{ enabled: true, childSeverity: warning }`: one paging "unhealthy" alarm per service. */
  composite: z.strictObject({ enabled: z.boolean(), childSeverity: z.enum(SEVERITIES).optional() }),
};
