/**
 * What the AWS APIs refuse in the resources this stack declares: PutMetricAlarm,
 * CreateHealthCheck and Subscribe. Bounds are the APIs' documented ones.
 */
import type { Plan, PlanResource } from "../plan/plan";
import { metricMathProblems } from "../model/metric-math";
import { isValidPeriod } from "../model/vocabulary";
import type { ResourceCheck, Reporter } from "./types";
import { checkBand } from "./aws-metrics";

const COMPARISONS = [
  "GreaterThanOrEqualToThreshold", "GreaterThanThreshold", "LessThanThreshold", "LessThanOrEqualToThreshold",
  "LessThanLowerOrGreaterThanUpperThreshold", "LessThanLowerThreshold", "GreaterThanUpperThreshold",
];
const BAND_COMPARISONS = COMPARISONS.slice(4);
const STATISTICS = ["SampleCount", "Average", "Sum", "Minimum", "Maximum"];
const MISSING_DATA = ["breaching", "notBreaching", "ignore", "missing"];
const PERCENTILE = /^(p|tm|wm|tc|ts|pr)(\d{1,2}(\.\d{1,10})?|100)$/;
const QUERY_ID = /^[a-z][a-zA-Z0-9_]*$/;

type Inputs = Record<string, unknown>;

export const checkMetricAlarm: ResourceCheck = (r, plan, report) => {
  const i = r.inputs as Inputs;
  const name = typeof i.name === "string" ? i.name : "";
  if (name.length < 1 || name.length > 255) report("name", `is ${name.length} characters long; CloudWatch accepts 1 to 255`);
  if (typeof i.alarmDescription === "string" && i.alarmDescription.length > 1024) {
    report("alarmDescription", `is ${i.alarmDescription.length} characters long; CloudWatch accepts at most 1024`);
  }
  oneOf(report, "comparisonOperator", i.comparisonOperator, COMPARISONS);
  if (i.treatMissingData !== undefined) oneOf(report, "treatMissingData", i.treatMissingData, MISSING_DATA);

  const evaluations = Number(i.evaluationPeriods);
  if (!Number.isInteger(evaluations) || evaluations < 1) report("evaluationPeriods", `${String(i.evaluationPeriods)} is not a whole number of at least 1`);
  if (i.datapointsToAlarm !== undefined) {
    const datapoints = Number(i.datapointsToAlarm);
    if (!Number.isInteger(datapoints) || datapoints < 1 || datapoints > evaluations) {
      report("datapointsToAlarm", `${datapoints} is not between 1 and evaluationPeriods (${evaluations})`, "the alarm could never breach");
    }
  }

  const band = BAND_COMPARISONS.includes(String(i.comparisonOperator));
  if (band && i.thresholdMetricId === undefined) report("thresholdMetricId", "is required with an anomaly-band comparison", "name the id of the ANOMALY_DETECTION_BAND query");
  if (!band && i.thresholdMetricId !== undefined) report("comparisonOperator", "must be a band comparison when thresholdMetricId is set", `use one of ${BAND_COMPARISONS.join(", ")}`);
  if (!band && typeof i.threshold !== "number") report("threshold", "is required for a static-threshold alarm");
  if (band && i.threshold !== undefined) report("threshold", "must not be set on an anomaly-band alarm; the band is the threshold");

  for (const field of ["alarmActions", "okActions", "insufficientDataActions"]) {
    const actions = (i[field] ?? []) as unknown[];
    if (actions.length > 5) report(field, `has ${actions.length} actions; CloudWatch accepts at most 5`);
    actions.forEach((arn, n) => checkActionRegion(report, `${field}[${n}]`, String(arn), regionOf(r, plan)));
  }

  if (i.metricQueries !== undefined) {
    if (i.metricName !== undefined) report("metricName", "must not be set together with metricQueries");
    checkQueries(report, i.metricQueries as Inputs[], band ? String(i.thresholdMetricId ?? "") : undefined);
  } else {
    checkSingleMetric(report, i);
  }
  // Tags are checked for every AWS resource (aws-tags.ts).
};

function checkSingleMetric(report: Reporter, i: Inputs): void {
  if (typeof i.metricName !== "string" || i.metricName === "") report("metricName", "is required without metricQueries");
  if (typeof i.namespace !== "string" || i.namespace === "") report("namespace", "is required without metricQueries");
  const period = Number(i.period);
  if (!isValidPeriod(period)) report("period", `${String(i.period)} s is not a period CloudWatch accepts`, "use 10, 30 or a multiple of 60 seconds");
  else if (period * Number(i.evaluationPeriods) > 86_400) {
    report("evaluationPeriods", `the window (${period} s × ${String(i.evaluationPeriods)}) is longer than one day`, "period × evaluationPeriods must be at most 86400 seconds");
  }
  if (i.statistic !== undefined && i.extendedStatistic !== undefined) report("statistic", "must not be set together with extendedStatistic");
  if (i.statistic === undefined && i.extendedStatistic === undefined) report("statistic", "or extendedStatistic is required");
  if (i.statistic !== undefined) oneOf(report, "statistic", i.statistic, STATISTICS);
  if (i.extendedStatistic !== undefined && !PERCENTILE.test(String(i.extendedStatistic))) {
    report("extendedStatistic", `"${String(i.extendedStatistic)}" is not a percentile statistic`, 'use a form such as "p99" or "p99.9"');
  }
  checkDimensions(report, "dimensions", (i.dimensions ?? {}) as Record<string, unknown>);
}

function checkQueries(report: Reporter, queries: Inputs[], bandId?: string): void {
  const metrics = queries.filter((q) => q.metric !== undefined);
  if (metrics.length > 10) report("metricQueries", `uses ${metrics.length} metrics; a metric math alarm accepts at most 10`);
  // An anomaly alarm returns its band too; the band is its threshold, not a compared series.
  const returned = queries.filter((q) => q.returnData === true && q.id !== bandId);
  if (returned.length !== 1) report("metricQueries", `returns ${returned.length} series; an alarm needs exactly one query with returnData true`);
  if (bandId !== undefined) checkBand(report, queries, bandId);
  const ids = new Set<string>();
  queries.forEach((q, n) => {
    const at = `metricQueries[${n}]`;
    const id = String(q.id ?? "");
    if (!QUERY_ID.test(id) || id.length > 255) report(`${at}.id`, `"${id}" is not a valid query id`, "start with a lower-case letter; use letters, digits and _");
    if (ids.has(id)) report(`${at}.id`, `"${id}" is used by another query`);
    ids.add(id);
    const hasExpression = typeof q.expression === "string";
    if (hasExpression === (q.metric !== undefined)) report(at, "needs exactly one of expression and metric");
    if (q.metric) {
      const m = q.metric as Inputs;
      const period = Number(m.period);
      if (!isValidPeriod(period)) report(`${at}.metric.period`, `${String(m.period)} s is not a period CloudWatch accepts`, "use 10, 30 or a multiple of 60 seconds");
      const stat = String(m.stat ?? "");
      if (!STATISTICS.includes(stat) && !PERCENTILE.test(stat)) report(`${at}.metric.stat`, `"${stat}" is not a statistic CloudWatch knows`);
      checkDimensions(report, `${at}.metric.dimensions`, (m.dimensions ?? {}) as Record<string, unknown>);
    }
  });
  queries.forEach((q, n) => {
    if (typeof q.expression !== "string") return;
    for (const ref of q.expression.match(/\b[a-z][a-zA-Z0-9_]*\b/g) ?? []) {
      if (!ids.has(ref) && !EXPRESSION_WORDS.has(ref)) {
        report(`metricQueries[${n}].expression`, `refers to "${ref}", which no query defines`, `defined ids: ${[...ids].join(", ")}`);
      }
    }
    for (const p of metricMathProblems(q.expression)) report(`metricQueries[${n}].expression`, p.message, p.hint);
  });
}

/** Lower-case words a metric math expression may use besides query ids. */
const EXPRESSION_WORDS = new Set(["e", "and", "or", "not"]);

function checkDimensions(report: Reporter, field: string, dims: Record<string, unknown>): void {
  const entries = Object.entries(dims);
  if (entries.length > 30) report(field, `has ${entries.length} dimensions; CloudWatch accepts at most 30`);
  for (const [k, v] of entries) {
    if (String(v).length < 1 || String(v).length > 1024) report(`${field}.${k}`, "must be 1 to 1024 characters long");
  }
}

function oneOf(report: Reporter, field: string, value: unknown, allowed: string[]): void {
  if (!allowed.includes(String(value))) report(field, `"${String(value)}" is not one of ${allowed.join(", ")}`);
}

/** The region a resource is created in: its explicit provider's, or the stack's. */
function regionOf(r: PlanResource, plan: Plan): string {
  if (!r.provider) return plan.region;
  let regions = providerRegions.get(plan);
  if (!regions) {
    regions = new Map(plan.resources.filter((p) => typeof p.inputs.region === "string").map((p) => [p.urn, String(p.inputs.region)]));
    providerRegions.set(plan, regions);
  }
  return regions.get(r.provider) ?? plan.region;
}
const providerRegions = new WeakMap<Plan, Map<string, string>>();

function checkActionRegion(report: Reporter, field: string, arn: string, region: string): void {
  const m = /^arn:aws:sns:([a-z0-9-]+):/.exec(arn);
  if (m && m[1] !== region) {
    report(field, `publishes to an SNS topic in ${m[1]}, but the alarm is in ${region}`, "an alarm's actions must be in its own region");
  }
}

export const checkHealthCheck: ResourceCheck = (r, _plan, report) => {
  const i = r.inputs as Inputs;
  oneOf(report, "type", i.type, ["HTTP", "HTTPS", "HTTP_STR_MATCH", "HTTPS_STR_MATCH", "TCP", "CALCULATED", "CLOUDWATCH_METRIC", "RECOVERY_CONTROL"]);
  if (i.requestInterval !== undefined && ![10, 30].includes(Number(i.requestInterval))) {
    report("requestInterval", `${String(i.requestInterval)} s is not accepted`, "Route 53 checks every 10 or 30 seconds");
  }
  const threshold = Number(i.failureThreshold ?? 3);
  if (!Number.isInteger(threshold) || threshold < 1 || threshold > 10) report("failureThreshold", `${String(i.failureThreshold)} is not between 1 and 10`);
  const port = Number(i.port ?? 443);
  if (!Number.isInteger(port) || port < 1 || port > 65535) report("port", `${String(i.port)} is not a TCP port`);
  if (typeof i.resourcePath === "string" && i.resourcePath.length > 255) report("resourcePath", `is ${i.resourcePath.length} characters long; Route 53 accepts at most 255`);
  if (typeof i.fqdn === "string" && (i.fqdn.length > 255 || !/^[A-Za-z0-9.-]+$/.test(i.fqdn))) report("fqdn", `"${i.fqdn}" is not a domain name Route 53 accepts`);
  const regions = (i.regions ?? []) as unknown[];
  if (regions.length > 0 && regions.length < 3) report("regions", `lists ${regions.length} regions; Route 53 needs at least 3`);
};

export const checkSubscription: ResourceCheck = (r, _plan, report) => {
  const i = r.inputs as Inputs;
  oneOf(report, "protocol", i.protocol, ["http", "https", "email", "email-json", "sms", "sqs", "application", "lambda", "firehose"]);
  const endpoint = String(i.endpoint ?? "");
  if (i.protocol === "email" && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(endpoint)) report("endpoint", `"${endpoint}" is not an e-mail address`);
  if (i.protocol === "https" && endpoint !== "[secret]" && !endpoint.startsWith("https://")) report("endpoint", "must be an https:// URL");
  if (i.filterPolicyScope !== undefined) oneOf(report, "filterPolicyScope", i.filterPolicyScope, ["MessageAttributes", "MessageBody"]);
  if (typeof i.filterPolicy === "string") {
    try {
      JSON.parse(i.filterPolicy);
    } catch {
      report("filterPolicy", "is not valid JSON");
    }
  }
};

export const checkTopic: ResourceCheck = (r, _plan, report) => {
  const name = String(r.inputs.name ?? "");
  if (!/^[A-Za-z0-9_-]{1,256}$/.test(name)) report("name", `"${name}" is not a topic name SNS accepts`, "1 to 256 letters, digits, - and _");
};

export const AWS_CHECKS: Record<string, ResourceCheck[]> = {
  "aws:cloudwatch/metricAlarm:MetricAlarm": [checkMetricAlarm],
  "aws:route53/healthCheck:HealthCheck": [checkHealthCheck],
  "aws:sns/topicSubscription:TopicSubscription": [checkSubscription],
  "aws:sns/topic:Topic": [checkTopic],
};
