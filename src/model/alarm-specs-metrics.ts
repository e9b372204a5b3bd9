/**
 * Specs of the kinds of issue 3: infrastructure, databases, business, custom metrics and
 * logs. Every unit conversion (ms to s, GiB to bytes) and every missing-data choice is here,
 * with the reason beside it.
 */
import type { AlarmSpec, MetricQuery, MetricStat, SpecBase } from "./alarm-specs";
import { stat } from "./alarm-specs";
import { ALARM_KINDS, type AlarmKnobs, KNOB_NAMES } from "./defaults";
import type { ResolvedAlarm, Service } from "./model";
import { hasFloor } from "./resolve-metrics";
import type { CustomMetric, CustomMetricStat } from "./schema-metrics";

/** The regional concurrency limit of a new AWS account, when the catalog does not say. */
export const DEFAULT_LAMBDA_CONCURRENCY = 1000;

/** DynamoDB operations whose SystemErrors are summed: ten, the most one alarm can name. */
const DYNAMO_OPERATIONS = [
  "GetItem", "PutItem", "UpdateItem", "DeleteItem", "Query", "Scan", "BatchGetItem",
  "BatchWriteItem", "TransactGetItems", "TransactWriteItems",
];

const GiB = 1024 ** 3;
const MiB = 1024 ** 2;

/** Namespace of the metrics the services' log filters publish. */
export function logNamespace(environment: string): string {
  return `Servio/Logs/${environment}`;
}

export function metricSpecs(environment: string, service: Service, alarm: ResolvedAlarm, base: SpecBase): AlarmSpec[] {
  const r = service.resources;
  const slug = ALARM_KINDS[alarm.key].slug;
  const t = alarm.knobs.threshold;
  const one = (metric: MetricStat, fields: Parameters<SpecBase>[1] = {}) => [base(slug, { metric, ...fields })];
  const dbs = databases(service);
  const perDb = (f: (db: Db) => MetricStat | undefined, fields: Parameters<SpecBase>[1] = {}) =>
    dbs.flatMap((db) => {
      const metric = f(db);
      return metric ? [base(`${slug}/${db.id}`, { metric, ...fields })] : [];
    });

  switch (alarm.key) {
    case "ecsCpu":
    case "ecsMemory": {
      const dims = { ClusterName: r.ecsService!.cluster, ServiceName: r.ecsService!.service };
      const name = alarm.key === "ecsCpu" ? "CPUUtilization" : "MemoryUtilization";
      return one(stat("AWS/ECS", name, dims, "Average"));
    }
    case "albUnhealthyHosts":
    case "albHealthyHosts": {
      const dims = { LoadBalancer: r.loadBalancer!.name, TargetGroup: r.loadBalancer!.targetGroup };
      if (alarm.key === "albUnhealthyHosts") return one(stat("AWS/ApplicationELB", "UnHealthyHostCount", dims, "Maximum"));
      // The target group reports every minute while attached: silence means it is gone.
      return one(stat("AWS/ApplicationELB", "HealthyHostCount", dims, "Minimum"), { treatMissingData: "breaching" });
    }
    case "ec2Cpu":
    case "ec2Memory":
    case "ec2Disk":
      return r.autoScalingGroups!.map((asg) => {
        const dims = { AutoScalingGroupName: asg };
        if (alarm.key === "ec2Cpu") return base(`${slug}/${asg}`, { metric: stat("AWS/EC2", "CPUUtilization", dims, "Average") });
        // Published by the CloudWatch agent only: a host without it is "insufficient data", not OK.
        const name = alarm.key === "ec2Memory" ? "mem_used_percent" : "disk_used_percent";
        const s = alarm.key === "ec2Memory" ? "Average" : "Maximum";
        return base(`${slug}/${asg}`, { metric: stat("CWAgent", name, dims, s), treatMissingData: "missing" });
      });
    case "lambdaConcurrency": {
      const fns = r.lambdaFunctions!;
      const limit = r.lambdaConcurrencyLimit ?? DEFAULT_LAMBDA_CONCURRENCY;
      const queries: MetricQuery[] = fns.map((fn, i) => ({
        id: `f${i}`, metric: stat("AWS/Lambda", "ConcurrentExecutions", { FunctionName: fn }, "Maximum"), returnData: false,
      }));
      const sum = fns.map((_, i) => `FILL(f${i}, 0)`).join(" + ");
      queries.push({ id: "share", label: `Concurrent executions of ${limit} (%)`, expression: `100 * (${sum}) / ${limit}`, returnData: true });
      return [base(slug, { queries })];
    }
    case "sqsOldestMessageAge":
      return r.sqsQueues!.map((q) =>
        base(`${slug}/${q.name}`, { metric: stat("AWS/SQS", "ApproximateAgeOfOldestMessage", { QueueName: q.name }, "Maximum") }),
      );
    case "sqsDlqDepth":
      return r.sqsQueues!.filter((q) => q.deadLetterQueue).map((q) =>
        base(`${slug}/${q.deadLetterQueue!}`, {
          description: `A message reached the dead-letter queue ${q.deadLetterQueue!} of ${q.name} (${service.name}). Runbook: ${service.runbook}`,
          metric: stat("AWS/SQS", "ApproximateNumberOfMessagesVisible", { QueueName: q.deadLetterQueue! }, "Maximum"),
          threshold: 0,
        }),
      );
    case "dbCpu":
      return perDb((db) => stat("AWS/RDS", "CPUUtilization", db.dims, "Average"));
    case "dbConnections":
      return dbs.map((db) =>
        base(`${slug}/${db.id}`, {
          queries: [
            { id: "connections", metric: stat("AWS/RDS", "DatabaseConnections", db.dims, "Maximum"), returnData: false },
            { id: "share", label: `Connections of max_connections ${db.maxConnections} (%)`, expression: `100 * connections / ${db.maxConnections}`, returnData: true },
          ],
        }),
      );
    case "dbFreeStorage":
      return perDb((db) => (db.aurora ? undefined : stat("AWS/RDS", "FreeStorageSpace", db.dims, "Minimum")), { threshold: t * GiB });
    case "dbFreeableMemory":
      return perDb((db) => stat("AWS/RDS", "FreeableMemory", db.dims, "Minimum"), { threshold: t * MiB });
    case "dbReadLatency":
    case "dbWriteLatency": {
      // RDS reports latency in seconds; the knob is in milliseconds.
      const name = alarm.key === "dbReadLatency" ? "ReadLatency" : "WriteLatency";
      return perDb((db) => stat("AWS/RDS", name, db.dims, "Average"), { threshold: t / 1000 });
    }
    case "dbReplicaLag":
      return dbs.flatMap((db) =>
        db.aurora
          ? [base(`${slug}/${db.id}`, { metric: stat("AWS/RDS", "AuroraReplicaLag", db.dims, "Maximum") })]
          : db.readReplicas.map((replica) =>
              // ReplicaLag is in seconds and reported by the replica itself.
              base(`${slug}/${replica}`, { metric: stat("AWS/RDS", "ReplicaLag", { DBInstanceIdentifier: replica }, "Maximum"), threshold: t / 1000 }),
            ),
      );
    case "dbDeadlocks":
      return perDb((db) => (db.engine === "aurora-mysql" ? stat("AWS/RDS", "Deadlocks", db.dims, "Maximum") : undefined));
    case "dynamoThrottles":
      return r.dynamodbTables!.map((table) =>
        base(`${slug}/${table}`, {
          queries: [
            { id: "reads", metric: stat("AWS/DynamoDB", "ReadThrottleEvents", { TableName: table }, "Sum"), returnData: false },
            { id: "writes", metric: stat("AWS/DynamoDB", "WriteThrottleEvents", { TableName: table }, "Sum"), returnData: false },
            { id: "throttled", label: "Throttled reads and writes", expression: "FILL(reads, 0) + FILL(writes, 0)", returnData: true },
          ],
        }),
      );
    case "dynamoSystemErrors":
      return r.dynamodbTables!.map((table) => {
        const queries: MetricQuery[] = DYNAMO_OPERATIONS.map((op, i) => ({
          id: `op${i}`, metric: stat("AWS/DynamoDB", "SystemErrors", { TableName: table, Operation: op }, "Sum"), returnData: false,
        }));
        const ids = DYNAMO_OPERATIONS.map((_, i) => `FILL(op${i}, 0)`).join(", ");
        queries.push({ id: "errors", label: "System errors, all operations", expression: `SUM([${ids}])`, returnData: true });
        return base(`${slug}/${table}`, { queries });
      });
    case "dynamoCapacity":
      // On-demand tables report no provisioned capacity: no datapoint, nothing to alarm on.
      return r.dynamodbTables!.flatMap((table) =>
        (["Read", "Write"] as const).map((rw) =>
          base(`${slug}/${table}/${rw.toLowerCase()}`, {
            queries: [
              { id: "consumed", metric: stat("AWS/DynamoDB", `Consumed${rw}CapacityUnits`, { TableName: table }, "Sum"), returnData: false },
              { id: "provisioned", metric: stat("AWS/DynamoDB", `Provisioned${rw}CapacityUnits`, { TableName: table }, "Average"), returnData: false },
              { id: "share", label: `Consumed of provisioned ${rw.toLowerCase()} capacity (%)`, expression: "100 * (consumed / PERIOD(consumed)) / provisioned", returnData: true },
            ],
          }),
        ),
      );
    case "businessAnomaly":
      return service.businessMetrics!.metrics.map((m) =>
        base(`${slug}/${kebab(m.name)}`, {
          description: `${m.name} of ${service.name} is outside its expected band (${t} σ): ${m.description}. Runbook: ${service.runbook}`,
          queries: [
            { id: "m", label: m.name, metric: stat(service.businessMetrics!.namespace, m.name, {}, businessStat(m)), returnData: true },
            { id: "band", label: `Expected ${m.name}`, expression: `ANOMALY_DETECTION_BAND(m, ${t})`, returnData: true },
          ],
          thresholdMetricId: "band",
          comparison: "LessThanLowerOrGreaterThanUpperThreshold",
          // Silence is the floor alarm's to report; a band would fire on every quiet night too.
          treatMissingData: "notBreaching",
        }),
      );
    case "businessFloor": {
      const minutes = (alarm.knobs.period * alarm.knobs.evaluationPeriods) / 60;
      return service.businessMetrics!.metrics.filter(hasFloor).map((m) =>
        base(`${slug}/${kebab(m.name)}`, {
          description: `Fewer than ${t} ${m.name} per ${alarm.knobs.period / 60} min of ${service.name} for ${minutes} minutes. Runbook: ${service.runbook}`,
          metric: stat(service.businessMetrics!.namespace, m.name, {}, "Sum"),
          // A counter publishes nothing when nothing happens: no data is the very thing to catch.
          treatMissingData: "breaching",
        }),
      );
    }
    case "custom":
      return (service.customMetrics ?? []).map((m) => customSpec(service, alarm, m, base));
    case "logErrors":
      return Object.keys(service.logs?.errorPatterns ?? {}).map((id) =>
        base(`${slug}/${id}`, {
          description: `Lines matching the "${id}" pattern in ${service.logs!.groupName} above ${t} per ${alarm.knobs.period / 60} min. Runbook: ${service.runbook}`,
          metric: stat(logNamespace(environment), `${service.name}/${id}`, {}, "Sum"),
        }),
      );
    default:
      throw new Error(`no alarm spec for the kind "${alarm.key}"`);
  }
}

function customSpec(service: Service, alarm: ResolvedAlarm, m: CustomMetric, base: SpecBase): AlarmSpec {
  const knobs: AlarmKnobs = { ...alarm.knobs, threshold: m.threshold };
  const sources = { ...alarm.sources, threshold: service.file };
  for (const knob of KNOB_NAMES) {
    if (m[knob] === undefined) continue;
    (knobs as unknown as Record<string, unknown>)[knob] = m[knob];
    sources[knob] = service.file;
  }
  const fields = {
    knobs, sources, comparison: m.comparison, threshold: m.threshold,
    description: `${m.description} (${service.name}). Runbook: ${service.runbook}`,
    treatMissingData: m.treatMissingData ?? "missing",
  } as const;
  if (m.metric) return base(`custom/${m.id}`, { ...fields, metric: customStat(m.metric) });
  const queries: MetricQuery[] = Object.entries(m.metrics!).map(([id, s]) => ({ id, metric: customStat(s), returnData: false }));
  queries.push({ id: "expr", label: m.description, expression: m.expression!, returnData: true });
  return base(`custom/${m.id}`, { ...fields, queries });
}

function customStat(s: CustomMetricStat): MetricStat {
  return stat(s.namespace, s.name, s.dimensions, s.statistic);
}

function businessStat(m: { unit?: string; statistic?: string }): string {
  return m.statistic ?? (m.unit === "Count" ? "Sum" : "Average");
}

/** `OrdersPlaced` -> `orders-placed`. */
function kebab(name: string): string {
  return name.replace(/([a-z0-9])([A-Z])/g, "$1-$2").toLowerCase();
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
  const list: Pick<Db, "id" | "aurora" | "dims">[] = [
    ...(r.rdsInstance ? [{ id: r.rdsInstance, aurora: false, dims: { DBInstanceIdentifier: r.rdsInstance } }] : []),
    ...(r.auroraCluster ? [{ id: r.auroraCluster, aurora: true, dims: { DBClusterIdentifier: r.auroraCluster } }] : []),
  ];
  return list.map((db) => ({
    ...db,
    engine: facts[db.id]?.engine ?? "",
    maxConnections: facts[db.id]?.maxConnections ?? 0,
    readReplicas: facts[db.id]?.readReplicas ?? [],
  }));
}
