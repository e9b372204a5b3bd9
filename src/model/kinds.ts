/**
 * The alarm kinds beyond the entry points: infrastructure, databases, business, custom
 * metrics and logs. Their defaults by tier are in `TIER_DEFAULTS` (defaults.ts), the one table.
 */
import type { AlarmKind } from "./defaults";

type Kinds<K extends string> = Record<K, AlarmKind>;

/** What the service runs on: containers, hosts, functions, queues. */
export const INFRASTRUCTURE_KINDS: Kinds<
  | "ecsCpu" | "ecsMemory" | "albUnhealthyHosts" | "albHealthyHosts" | "ec2Cpu" | "ec2Memory"
  | "ec2Disk" | "lambdaConcurrency" | "sqsOldestMessageAge" | "sqsDlqDepth"
> = {
  ecsCpu: { title: "ECS service CPU", family: "infrastructure", unit: "%", slug: "ecs-cpu" },
  ecsMemory: { title: "ECS service memory", family: "infrastructure", unit: "%", slug: "ecs-memory" },
  albUnhealthyHosts: {
    title: "ALB unhealthy targets", family: "infrastructure", unit: "count", slug: "alb-unhealthy-hosts",
  },
  albHealthyHosts: {
    title: "ALB healthy targets", family: "infrastructure", unit: "count", slug: "alb-healthy-hosts",
    below: true,
  },
  ec2Cpu: { title: "EC2 Auto Scaling group CPU", family: "infrastructure", unit: "%", slug: "ec2-cpu" },
  ec2Memory: {
    title: "EC2 memory used (CloudWatch agent)", family: "infrastructure", unit: "%", slug: "ec2-memory",
  },
  ec2Disk: {
    title: "EC2 disk used (CloudWatch agent)", family: "infrastructure", unit: "%", slug: "ec2-disk",
  },
  lambdaConcurrency: {
    title: "Lambda concurrency of its limit", family: "infrastructure", unit: "%",
    slug: "lambda-concurrency",
  },
  sqsOldestMessageAge: {
    title: "SQS age of oldest message", family: "infrastructure", unit: "s", slug: "sqs-oldest-message",
  },
  sqsDlqDepth: {
    title: "Messages in dead-letter queue", family: "infrastructure", unit: "count", slug: "sqs-dlq-depth",
    fixedThreshold: true,
  },
};

/** The service's data stores: RDS, Aurora and DynamoDB. */
export const DATABASE_KINDS: Kinds<
  | "dbCpu" | "dbConnections" | "dbFreeStorage" | "dbFreeableMemory" | "dbReadLatency"
  | "dbWriteLatency" | "dbReplicaLag" | "dbDeadlocks" | "dynamoThrottles" | "dynamoSystemErrors"
  | "dynamoCapacity"
> = {
  dbCpu: { title: "Database CPU", family: "database", unit: "%", slug: "db-cpu" },
  dbConnections: {
    title: "Database connections of max_connections", family: "database", unit: "%", slug: "db-connections",
  },
  dbFreeStorage: {
    title: "Database free storage", family: "database", unit: "GiB", slug: "db-free-storage", below: true,
  },
  dbFreeableMemory: {
    title: "Database freeable memory", family: "database", unit: "MiB", slug: "db-freeable-memory",
    below: true,
  },
  dbReadLatency: { title: "Database read latency", family: "database", unit: "ms", slug: "db-read-latency" },
  dbWriteLatency: { title: "Database write latency", family: "database", unit: "ms", slug: "db-write-latency" },
  dbReplicaLag: { title: "Database replica lag", family: "database", unit: "ms", slug: "db-replica-lag" },
  dbDeadlocks: { title: "Database deadlocks", family: "database", unit: "count", slug: "db-deadlocks" },
  dynamoThrottles: {
    title: "DynamoDB throttled reads and writes", family: "database", unit: "count", slug: "dynamo-throttles",
  },
  dynamoSystemErrors: {
    title: "DynamoDB system errors", family: "database", unit: "count", slug: "dynamo-system-errors",
  },
  dynamoCapacity: {
    title: "DynamoDB consumed of provisioned capacity", family: "database", unit: "%",
    slug: "dynamo-capacity",
  },
};

/** Business metrics, custom metrics and logs. */
export const OTHER_KINDS: Kinds<"businessAnomaly" | "businessFloor" | "custom" | "logErrors"> = {
  businessAnomaly: {
    title: "Business metric outside its expected band", family: "business", unit: "σ",
    slug: "business-anomaly",
  },
  businessFloor: {
    title: "Business counter below its floor", family: "business", unit: "count", slug: "business-floor",
    below: true,
  },
  custom: {
    title: "Custom metric", family: "custom", unit: "count", slug: "custom", thresholdPerEntry: true,
  },
  logErrors: { title: "Error lines in the logs", family: "logs", unit: "count", slug: "log-errors" },
};
