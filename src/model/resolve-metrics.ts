/**
 * Resolution for the families of issue 3: which kinds apply to a service's resources, the
 * facts its databases need, its custom metrics, its logs and its composite alarm. Every
 * cross-reference a schema cannot see is checked here and reported as a Problem.
 */
import type { AlarmKey } from "./defaults";
import { metricMathProblems } from "./metric-math";
import type { Problem } from "./problems";
import type { ServiceFile } from "./schema";
import type { CustomMetric } from "./schema-metrics";
import type { SourceFile } from "./source";
import { isValidPeriod, type Severity } from "./vocabulary";

/** A service's log group, filters and saved queries, resolved. */
export interface ResolvedLogs {
  /** `/servio/<env>/<service>`: the group the service's tasks and functions write to. */
  groupName: string;
  retentionDays: number;
  /** Where the retention came from: `default`, `Pulumi.prod.yaml` or the catalog file. */
  retentionSource: string;
  /** Metric filter patterns by id; `errors` is the default and may be replaced. */
  errorPatterns: Record<string, string>;
  /** Logs Insights queries by id. */
  queries: Record<string, string>;
}

/** Whether the service has a paging "unhealthy" composite alarm, and where its children go. */
export interface ResolvedComposite {
  enabled: boolean;
  /** The severity whose route the composite's children notify instead of paging. */
  childSeverity: Severity;
  source: string;
}

/** Retention of a log group when neither the environment nor the service says. */
export const DEFAULT_RETENTION_DAYS = 30;

/** Matches ERROR/FATAL lines and stack traces of the usual loggers. */
export const DEFAULT_ERROR_PATTERN = "?ERROR ?FATAL ?Exception";

const ERROR_REGEX = "/ERROR|FATAL|Exception/";

/** Saved for every service: where to start when it is on fire. */
export const DEFAULT_QUERIES: Record<string, string> = {
  "recent-errors":
    `fields @timestamp, @logStream, @message | filter @message like ${ERROR_REGEX}` +
    " | sort @timestamp desc | limit 200",
  "errors-by-5-minutes": `filter @message like ${ERROR_REGEX} | stats count(*) as errors by bin(5m)`,
  "top-error-messages":
    `filter @message like ${ERROR_REGEX} | stats count(*) as n by @message | sort n desc | limit 20`,
};

type Resources = ServiceFile["resources"];
interface Applicable {
  resources: Resources;
  businessMetrics?: ServiceFile["businessMetrics"];
  customMetrics?: CustomMetric[];
}

/** The kinds of issue 3 that a service's resources call for, in the table's order. */
export function applicableMetricAlarms(service: Applicable): AlarmKey[] {
  const r = service.resources;
  const keys: AlarmKey[] = [];
  const facts = Object.values(r.databases ?? {});
  if (r.ecsService) keys.push("ecsCpu", "ecsMemory");
  if (r.loadBalancer) keys.push("albUnhealthyHosts", "albHealthyHosts");
  if (r.autoScalingGroups) keys.push("ec2Cpu", "ec2Memory", "ec2Disk");
  if (r.lambdaFunctions) keys.push("lambdaConcurrency");
  if (r.sqsQueues) keys.push("sqsOldestMessageAge");
  if (r.sqsQueues?.some((q) => q.deadLetterQueue)) keys.push("sqsDlqDepth");
  if (r.rdsInstance || r.auroraCluster) keys.push("dbCpu", "dbConnections");
  if (r.rdsInstance) keys.push("dbFreeStorage");
  if (r.rdsInstance || r.auroraCluster) {
    keys.push("dbFreeableMemory", "dbReadLatency", "dbWriteLatency");
  }
  if (r.auroraCluster || facts.some((f) => f.readReplicas)) keys.push("dbReplicaLag");
  if (facts.some((f) => f.engine === "aurora-mysql")) keys.push("dbDeadlocks");
  if (r.dynamodbTables) keys.push("dynamoThrottles", "dynamoSystemErrors", "dynamoCapacity");
  if (service.businessMetrics) keys.push("businessAnomaly");
  if (service.businessMetrics?.metrics.some(hasFloor)) keys.push("businessFloor");
  if (service.customMetrics) keys.push("custom");
  keys.push("logErrors");
  return keys;
}

/** A business metric gets a floor when it says so, or by default when it counts something. */
export function hasFloor(m: { unit?: string; floor?: boolean }): boolean {
  return m.floor ?? m.unit === "Count";
}

/** Database facts against the databases listed, engines against their kind, custom metrics. */
export function checkMetricFacts(file: ServiceFile, source: SourceFile, problems: Problem[]): void {
  const r = file.resources;
  const facts = r.databases ?? {};
  const listed = [
    ...(r.rdsInstance ? [{ id: r.rdsInstance, aurora: false, key: "rdsInstance" }] : []),
    ...(r.auroraCluster ? [{ id: r.auroraCluster, aurora: true, key: "auroraCluster" }] : []),
  ];
  for (const db of listed) {
    const f = facts[db.id];
    const at = ["resources", "databases", db.id];
    if (!f) {
      problems.push(source.problem(
        ["resources", db.key],
        `lists the database "${db.id}" without its facts`,
        `add resources.databases."${db.id}" with its engine and maxConnections ` +
          "(the instance class's max_connections)",
      ));
      continue;
    }
    if (f.engine.startsWith("aurora-") !== db.aurora) {
      problems.push(source.problem(
        [...at, "engine"],
        `"${f.engine}" does not run as ${db.aurora ? "an Aurora cluster" : "an RDS instance"}`,
        db.aurora ? "use aurora-mysql or aurora-postgresql" : "use mysql, mariadb or postgres",
      ));
    }
    if (db.aurora && f.readReplicas) {
      problems.push(source.problem(
        [...at, "readReplicas"],
        "is for RDS instances; an Aurora cluster reports AuroraReplicaLag itself",
        "remove readReplicas",
      ));
    }
  }
  for (const id of Object.keys(facts).filter((k) => !listed.some((d) => d.id === k))) {
    problems.push(source.problem(
      ["resources", "databases", id],
      `describes "${id}", which is not a database of the service`,
      `databases listed: ${listed.map((d) => d.id).join(", ") || "none"} (rdsInstance, auroraCluster)`,
    ));
  }
  const custom = file.customMetrics ?? [];
  // Ids used twice are a schema error (schema-metrics.ts); each metric is checked on its own.
  custom.forEach((m, i) => checkCustomMetric(m, i, source, problems));
}

function checkCustomMetric(
  m: CustomMetric,
  i: number,
  source: SourceFile,
  problems: Problem[],
): void {
  const report = (path: (string | number)[], message: string, hint?: string) =>
    problems.push(source.problem(["customMetrics", i, ...path], message, hint));

  if (m.period !== undefined && !isValidPeriod(m.period)) {
    const hint = "use 10, 30 or a multiple of 60 seconds";
    report(["period"], `${m.period} s is not a period CloudWatch accepts`, hint);
  }
  const { datapointsToAlarm: datapoints, evaluationPeriods: evaluations } = m;
  if (datapoints !== undefined && evaluations !== undefined && datapoints > evaluations) {
    report(
      ["datapointsToAlarm"],
      `${datapoints} datapoints to alarm out of ${evaluations} evaluation periods can never breach`,
      "datapointsToAlarm must be at most evaluationPeriods",
    );
  }
  if (!m.expression || !m.metrics) return;

  // Metric math: at most ten metrics, every id defined, one returned series.
  const ids = Object.keys(m.metrics);
  if (ids.length > 10) {
    report(
      ["metrics"],
      `names ${ids.length} metrics; a metric-math alarm accepts at most 10`,
      "aggregate with fewer metrics, or split the alarm",
    );
  }
  if (ids.includes("expr")) {
    report(["metrics", "expr"], '"expr" is the id of the expression itself', "rename the metric");
  }
  for (const ref of new Set(m.expression.match(/\b[a-z][a-zA-Z0-9_]*\b/g) ?? [])) {
    if (!ids.includes(ref)) {
      const hint = `defined: ${ids.join(", ")}`;
      report(["expression"], `refers to "${ref}", which metrics does not define`, hint);
    }
  }
  for (const p of metricMathProblems(m.expression)) report(["expression"], p.message, p.hint);
  if (/\b(SEARCH|INSIGHT_RULE_METRIC|METRICS)\s*\(/.test(m.expression)) {
    report(
      ["expression"],
      "uses a function that returns many series; an alarm needs exactly one",
      "aggregate with SUM(...), MAX(...) over named metrics instead",
    );
  }
}

/** The service's logs: retention from service, else environment, else the default. */
export function resolveLogs(
  file: ServiceFile,
  environment: string,
  env: { retentionDays?: number; source: string },
  serviceFile: string,
): ResolvedLogs {
  const own = file.logs?.retentionDays;
  return {
    groupName: `/servio/${environment}/${file.name}`,
    retentionDays: own ?? env.retentionDays ?? DEFAULT_RETENTION_DAYS,
    retentionSource:
      own !== undefined ? serviceFile : env.retentionDays !== undefined ? env.source : "default",
    errorPatterns: { errors: DEFAULT_ERROR_PATTERN, ...file.logs?.errorPatterns },
    queries: { ...DEFAULT_QUERIES, ...file.logs?.queries },
  };
}

/** Composite on when the environment turns it on and the service does not turn it off. */
export function resolveComposite(
  file: ServiceFile,
  env: { enabled?: boolean; childSeverity?: Severity; source: string },
  serviceFile: string,
): ResolvedComposite {
  const own = file.composite?.enabled;
  return {
    enabled: own ?? env.enabled ?? false,
    childSeverity: env.childSeverity ?? "warning",
    source: own !== undefined ? serviceFile : env.enabled !== undefined ? env.source : "default",
  };
}
