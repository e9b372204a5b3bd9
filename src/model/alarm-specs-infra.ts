/**
 * Specs of the infrastructure and database kinds. Every unit conversion (ms to s, GiB to
 * bytes) and every missing-data choice is here, with the reason beside it.
 */
import type { AlarmSpec, MetricQuery, MetricStat, SpecBase, SpecFields } from "./alarm-specs";
import { stat } from "./alarm-specs";
import { ALARM_KINDS } from "./defaults";
import type { ResolvedAlarm, Service } from "./model";

/** The regional concurrency limit of a new AWS account, when the catalog does not say. */
export const DEFAULT_LAMBDA_CONCURRENCY = 1000;

/** DynamoDB operations whose SystemErrors are summed: ten, the most one alarm can name. */
const DYNAMO_OPERATIONS = [
  "GetItem", "PutItem", "UpdateItem", "DeleteItem", "Query", "Scan", "BatchGetItem",
  "BatchWriteItem", "TransactGetItems", "TransactWriteItems",
];

const GiB = 1024 ** 3;
const MiB = 1024 ** 2;

/** A metric query that feeds an expression and is not compared itself. */
export function input(id: string, metric: MetricStat): MetricQuery {
  return { id, metric, returnData: false };
}

/** The expression an alarm compares. */
export function output(id: string, label: string, expression: string): MetricQuery {
  return { id, label, expression, returnData: true };
}

/** Specs of an infrastructure kind; undefined for a kind of another family. */
export function infrastructureSpecs(
  service: Service,
  alarm: ResolvedAlarm,
  base: SpecBase,
): AlarmSpec[] | undefined {
  const r = service.resources;
  const slug = ALARM_KINDS[alarm.key].slug;
  const one = (metric: MetricStat, fields: SpecFields = {}) => [base(slug, { metric, ...fields })];
  const lb = r.loadBalancer;
  const alb = () => ({ LoadBalancer: lb!.name, TargetGroup: lb!.targetGroup });
  const ecs = () => ({ ClusterName: r.ecsService!.cluster, ServiceName: r.ecsService!.service });

  switch (alarm.key) {
    case "ecsCpu":
      return one(stat("AWS/ECS", "CPUUtilization", ecs(), "Average"));
    case "ecsMemory":
      return one(stat("AWS/ECS", "MemoryUtilization", ecs(), "Average"));
    case "albUnhealthyHosts":
      return one(stat("AWS/ApplicationELB", "UnHealthyHostCount", alb(), "Maximum"));
    case "albHealthyHosts":
      // The target group reports every minute while attached: silence means it is gone.
      return one(stat("AWS/ApplicationELB", "HealthyHostCount", alb(), "Minimum"), {
        treatMissingData: "breaching",
      });
    case "ec2Cpu":
      return r.autoScalingGroups!.map((asg) =>
        base(`${slug}/${asg}`, {
          metric: stat("AWS/EC2", "CPUUtilization", { AutoScalingGroupName: asg }, "Average"),
        }),
      );
    case "ec2Memory":
    case "ec2Disk": {
      const memory = alarm.key === "ec2Memory";
      const [name, s] = memory ? ["mem_used_percent", "Average"] : ["disk_used_percent", "Maximum"];
      // Published by the CloudWatch agent only: a host without it is "insufficient data", not OK.
      return r.autoScalingGroups!.map((asg) =>
        base(`${slug}/${asg}`, {
          metric: stat("CWAgent", name, { AutoScalingGroupName: asg }, s),
          treatMissingData: "missing",
        }),
      );
    }
    case "lambdaConcurrency": {
      const fns = r.lambdaFunctions!;
      const limit = r.lambdaConcurrencyLimit ?? DEFAULT_LAMBDA_CONCURRENCY;
      const sum = fns.map((_, i) => `FILL(f${i}, 0)`).join(" + ");
      const queries = [
        ...fns.map((fn, i) => {
          const dims = { FunctionName: fn };
          return input(`f${i}`, stat("AWS/Lambda", "ConcurrentExecutions", dims, "Maximum"));
        }),
        output("share", `Concurrent executions of ${limit} (%)`, `100 * (${sum}) / ${limit}`),
      ];
      return [base(slug, { queries })];
    }
    case "sqsOldestMessageAge":
      return r.sqsQueues!.map((q) =>
        base(`${slug}/${q.name}`, {
          metric: stat("AWS/SQS", "ApproximateAgeOfOldestMessage", { QueueName: q.name }, "Maximum"),
        }),
      );
    case "sqsDlqDepth":
      return r.sqsQueues!.flatMap((q) => {
        const dlq = q.deadLetterQueue;
        if (!dlq) return [];
        return [base(`${slug}/${dlq}`, {
          description:
            `A message reached the dead-letter queue ${dlq} of ${q.name} (${service.name}). ` +
            `Runbook: ${service.runbook}`,
          metric: stat("AWS/SQS", "ApproximateNumberOfMessagesVisible", { QueueName: dlq }, "Maximum"),
          threshold: 0,
        })];
      });
    default:
      return undefined;
  }
}

/** Specs of a database kind; undefined for a kind of another family. */
export function databaseSpecs(
  service: Service,
  alarm: ResolvedAlarm,
  base: SpecBase,
): AlarmSpec[] | undefined {
  const slug = ALARM_KINDS[alarm.key].slug;
  const t = alarm.knobs.threshold;
  const dbs = databases(service);
  const perDb = (f: (db: Db) => MetricStat | undefined, fields: SpecFields = {}) =>
    dbs.flatMap((db) => {
      const metric = f(db);
      return metric ? [base(`${slug}/${db.id}`, { metric, ...fields })] : [];
    });

  switch (alarm.key) {
    case "dbCpu":
      return perDb((db) => stat("AWS/RDS", "CPUUtilization", db.dims, "Average"));
    case "dbConnections":
      return dbs.map((db) =>
        base(`${slug}/${db.id}`, {
          queries: [
            input("connections", stat("AWS/RDS", "DatabaseConnections", db.dims, "Maximum")),
            output(
              "share",
              `Connections of max_connections ${db.maxConnections} (%)`,
              `100 * connections / ${db.maxConnections}`,
            ),
          ],
        }),
      );
    case "dbFreeStorage":
      // Aurora storage grows by itself; only an RDS instance can fill its volume.
      return perDb(
        (db) => (db.aurora ? undefined : stat("AWS/RDS", "FreeStorageSpace", db.dims, "Minimum")),
        { threshold: t * GiB },
      );
    case "dbFreeableMemory":
      return perDb((db) => stat("AWS/RDS", "FreeableMemory", db.dims, "Minimum"), {
        threshold: t * MiB,
      });
    case "dbReadLatency":
    case "dbWriteLatency": {
      // RDS reports latency in seconds; the knob is in milliseconds.
      const name = alarm.key === "dbReadLatency" ? "ReadLatency" : "WriteLatency";
      return perDb((db) => stat("AWS/RDS", name, db.dims, "Average"), { threshold: t / 1000 });
    }
    case "dbReplicaLag":
      return dbs.flatMap((db) =>
        db.aurora
          ? [base(`${slug}/${db.id}`, {
              metric: stat("AWS/RDS", "AuroraReplicaLag", db.dims, "Maximum"),
            })]
          : db.readReplicas.map((replica) =>
              // ReplicaLag is in seconds and reported by the replica itself.
              base(`${slug}/${replica}`, {
                metric: stat("AWS/RDS", "ReplicaLag", { DBInstanceIdentifier: replica }, "Maximum"),
                threshold: t / 1000,
              }),
            ),
      );
    case "dbDeadlocks":
      return perDb((db) =>
        db.engine === "aurora-mysql" ? stat("AWS/RDS", "Deadlocks", db.dims, "Maximum") : undefined,
      );
    default:
      return dynamoSpecs(service, alarm, base);
  }
}

function dynamoSpecs(
  service: Service,
  alarm: ResolvedAlarm,
  base: SpecBase,
): AlarmSpec[] | undefined {
  const slug = ALARM_KINDS[alarm.key].slug;
  const tables = service.resources.dynamodbTables ?? [];
  const dynamo = (name: string, dims: Record<string, string>, s: string) =>
    stat("AWS/DynamoDB", name, dims, s);

  switch (alarm.key) {
    case "dynamoThrottles":
      return tables.map((table) =>
        base(`${slug}/${table}`, {
          queries: [
            input("reads", dynamo("ReadThrottleEvents", { TableName: table }, "Sum")),
            input("writes", dynamo("WriteThrottleEvents", { TableName: table }, "Sum")),
            output("throttled", "Throttled reads and writes", "FILL(reads, 0) + FILL(writes, 0)"),
          ],
        }),
      );
    case "dynamoSystemErrors":
      return tables.map((table) => {
        const ids = DYNAMO_OPERATIONS.map((_, i) => `FILL(op${i}, 0)`).join(", ");
        const queries = [
          ...DYNAMO_OPERATIONS.map((op, i) =>
            input(`op${i}`, dynamo("SystemErrors", { TableName: table, Operation: op }, "Sum")),
          ),
          output("errors", "System errors, all operations", `SUM([${ids}])`),
        ];
        return base(`${slug}/${table}`, { queries });
      });
    case "dynamoCapacity":
      // On-demand tables report no provisioned capacity: no datapoint, nothing to alarm on.
      return tables.flatMap((table) =>
        (["Read", "Write"] as const).map((rw) =>
          base(`${slug}/${table}/${rw.toLowerCase()}`, {
            queries: [
              input("consumed", dynamo(`Consumed${rw}CapacityUnits`, { TableName: table }, "Sum")),
              input(
                "provisioned",
                dynamo(`Provisioned${rw}CapacityUnits`, { TableName: table }, "Average"),
              ),
              output(
                "share",
                `Consumed of provisioned ${rw.toLowerCase()} capacity (%)`,
                "100 * (consumed / PERIOD(consumed)) / provisioned",
              ),
            ],
          }),
        ),
      );
    default:
      return undefined;
  }
}

interface Db {
  id: string;
  aurora: boolean;
  engine: string;
  maxConnections: number;
  readReplicas: string[];
  dims: Record<string, string>;
}

function databases(service: Service): Db[] {
  const r = service.resources;
  const facts = r.databases ?? {};
  const list: Pick<Db, "id" | "aurora" | "dims">[] = [];
  if (r.rdsInstance) {
    list.push({ id: r.rdsInstance, aurora: false, dims: { DBInstanceIdentifier: r.rdsInstance } });
  }
  if (r.auroraCluster) {
    list.push({ id: r.auroraCluster, aurora: true, dims: { DBClusterIdentifier: r.auroraCluster } });
  }
  return list.map((db) => ({
    ...db,
    engine: facts[db.id]?.engine ?? "",
    maxConnections: facts[db.id]?.maxConnections ?? 0,
    readReplicas: facts[db.id]?.readReplicas ?? [],
  }));
}
