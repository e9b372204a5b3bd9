/**
 * The alarm kinds beyond the entry points: infrastructure, databases, business, custom
 * metrics and logs. Their defaults by tier are in `TIER_DEFAULTS` (defaults.ts), the one table.
 */
import type { AlarmKind, Family } from "./defaults";

type Kinds<K extends string> = Record<K, AlarmKind>;

/** `kind("ECS service CPU", "infrastructure", "%", "ecs-cpu")`: a kind's row, flags last. */
function kind(
  title: string,
  family: Family,
  unit: AlarmKind["unit"],
  slug: string,
  flags: Pick<AlarmKind, "below" | "fixedThreshold" | "thresholdPerEntry"> = {},
): AlarmKind {
  return { title, family, unit, slug, ...flags };
}

const below = { below: true };

/** What the service runs on: containers, hosts, functions, queues. */
export const INFRASTRUCTURE_KINDS: Kinds<
  | "ecsCpu" | "ecsMemory" | "albUnhealthyHosts" | "albHealthyHosts" | "ec2Cpu" | "ec2Memory"
  | "ec2Disk" | "lambdaConcurrency" | "sqsOldestMessageAge" | "sqsDlqDepth"
> = {
  ecsCpu: kind("ECS service CPU", "infrastructure", "%", "ecs-cpu"),
  ecsMemory: kind("ECS service memory", "infrastructure", "%", "ecs-memory"),
  albUnhealthyHosts: kind("ALB unhealthy targets", "infrastructure", "count", "alb-unhealthy-hosts"),
  albHealthyHosts: kind("ALB healthy targets", "infrastructure", "count", "alb-healthy-hosts", below),
  ec2Cpu: kind("EC2 Auto Scaling group CPU", "infrastructure", "%", "ec2-cpu"),
  ec2Memory: kind("EC2 memory used (CloudWatch agent)", "infrastructure", "%", "ec2-memory"),
  ec2Disk: kind("EC2 disk used (CloudWatch agent)", "infrastructure", "%", "ec2-disk"),
  lambdaConcurrency: kind("Lambda concurrency of its limit", "infrastructure", "%", "lambda-concurrency"),
  sqsOldestMessageAge: kind("SQS age of oldest message", "infrastructure", "s", "sqs-oldest-message"),
  sqsDlqDepth: kind("Messages in dead-letter queue", "infrastructure", "count", "sqs-dlq-depth", {
    fixedThreshold: true,
  }),
};

/** The service's data stores: RDS, Aurora and DynamoDB. */
export const DATABASE_KINDS: Kinds<
  | "dbCpu" | "dbConnections" | "dbFreeStorage" | "dbFreeableMemory" | "dbReadLatency"
  | "dbWriteLatency" | "dbReplicaLag" | "dbDeadlocks" | "dynamoThrottles" | "dynamoSystemErrors"
  | "dynamoCapacity"
> = {
  dbCpu: kind("Database CPU", "database", "%", "db-cpu"),
  dbConnections: kind("Database connections of max_connections", "database", "%", "db-connections"),
  dbFreeStorage: kind("Database free storage", "database", "GiB", "db-free-storage", below),
  dbFreeableMemory: kind("Database freeable memory", "database", "MiB", "db-freeable-memory", below),
  dbReadLatency: kind("Database read latency", "database", "ms", "db-read-latency"),
  dbWriteLatency: kind("Database write latency", "database", "ms", "db-write-latency"),
  dbReplicaLag: kind("Database replica lag", "database", "ms", "db-replica-lag"),
  dbDeadlocks: kind("Database deadlocks", "database", "count", "db-deadlocks"),
  dynamoThrottles: kind("DynamoDB throttled reads and writes", "database", "count", "dynamo-throttles"),
  dynamoSystemErrors: kind("DynamoDB system errors", "database", "count", "dynamo-system-errors"),
  dynamoCapacity: kind("DynamoDB consumed of provisioned capacity", "database", "%", "dynamo-capacity"),
};

/** Business metrics, custom metrics and logs. */
export const OTHER_KINDS: Kinds<"businessAnomaly" | "businessFloor" | "custom" | "logErrors"> = {
  businessAnomaly: kind("Business metric outside its expected band", "business", "σ", "business-anomaly"),
  businessFloor: kind("Business counter below its floor", "business", "count", "business-floor", below),
  custom: kind("Custom metric", "custom", "count", "custom", { thresholdPerEntry: true }),
  logErrors: kind("Error lines in the logs", "logs", "count", "log-errors"),
};
