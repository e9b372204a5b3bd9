/**
 * What the CloudWatch and CloudWatch Logs APIs refuse in the resources of the metric
 * families: anomaly bands (PutMetricAlarm), composite alarms (aws-composite.ts), log groups
 * (PutRetentionPolicy), metric filters (PutMetricFilter) and saved queries (PutQueryDefinition).
 */
import { filterPatternProblem } from "../model/log-patterns";
import { RETENTION_DAYS } from "../model/schema-metrics";
import { ofType } from "../plan/plan";
import { checkCompositeAlarm, COMPOSITE_ALARM } from "./aws-composite";
import type { Reporter, ResourceCheck } from "./types";

type Inputs = Record<string, unknown>;

export const LOG_GROUP = "aws:cloudwatch/logGroup:LogGroup";

const BAND = /^ANOMALY_DETECTION_BAND\(\s*([a-z][a-zA-Z0-9_]*)\s*(,\s*\d+(\.\d+)?\s*)?\)$/;

/** The band query of an anomaly alarm: it exists, is a band over a metric query, is returned. */
export function checkBand(report: Reporter, queries: Inputs[], bandId: string): void {
  const band = queries.find((q) => q.id === bandId);
  if (!band) {
    const hint = "name the id of the ANOMALY_DETECTION_BAND query";
    report("thresholdMetricId", `"${bandId}" names no query of metricQueries`, hint);
    return;
  }
  const m = BAND.exec(String(band.expression ?? "").trim());
  if (!m) {
    const expected = "ANOMALY_DETECTION_BAND(<metric id>, <width>)";
    report("thresholdMetricId", `"${bandId}" is not an ${expected} expression`);
    return;
  }
  if (!queries.some((q) => q.id === m[1] && q.metric !== undefined)) {
    const message = `the band of "${bandId}" is over "${m[1]}", which is not a metric query`;
    report("thresholdMetricId", message, "anomaly detection models one metric");
  }
  if (band.returnData !== true) report("thresholdMetricId", `"${bandId}" must have returnData true`);
}

export const checkLogGroup: ResourceCheck = (r, _plan, report) => {
  const i = r.inputs as Inputs;
  const name = String(i.name ?? "");
  if (!/^[.\-_/#A-Za-z0-9]{1,512}$/.test(name)) {
    const hint = "1 to 512 of a-z, A-Z, 0-9, . - _ / #";
    report("name", `"${name}" is not a log group name CloudWatch Logs accepts`, hint);
  }
  const days = i.retentionInDays;
  if (days !== undefined && !(RETENTION_DAYS as readonly number[]).includes(Number(days))) {
    const hint = `use one of ${RETENTION_DAYS.join(", ")}`;
    report("retentionInDays", `${String(days)} days is not a retention CloudWatch Logs accepts`, hint);
  }
};

export const checkMetricFilter: ResourceCheck = (r, plan, report) => {
  const i = r.inputs as Inputs;
  const name = String(i.name ?? "");
  if (!/^[^:*]{1,512}$/.test(name)) {
    report("name", `"${name}" is not a filter name CloudWatch Logs accepts`, "1 to 512 characters, no : or *");
  }
  const problem = filterPatternProblem(String(i.pattern ?? ""));
  if (problem) report("pattern", problem);

  const t = (i.metricTransformation ?? {}) as Inputs;
  const metric = String(t.name ?? "");
  const namespace = String(t.namespace ?? "");
  if (!/^[^:*$]{1,255}$/.test(metric)) {
    const hint = "1 to 255 characters, no : * or $";
    report("metricTransformation.name", `"${metric}" is not a metric name CloudWatch accepts`, hint);
  }
  if (!/^[^:*$]{1,255}$/.test(namespace)) {
    report("metricTransformation.namespace", `"${namespace}" is not a namespace CloudWatch accepts`);
  }
  if (namespace.startsWith("AWS/")) {
    report("metricTransformation.namespace", "must not be in the AWS/ namespaces");
  }
  if (t.defaultValue !== undefined && !Number.isFinite(Number(t.defaultValue))) {
    report("metricTransformation.defaultValue", `"${String(t.defaultValue)}" is not a number`);
  }

  const group = String(i.logGroupName ?? "");
  if (!ofType(plan, LOG_GROUP).some((g) => g.inputs.name === group)) {
    const hint = "the group must exist before a filter can be put on it";
    report("logGroupName", `"${group}" is not a log group of this plan`, hint, "warning");
  }
};

export const checkQueryDefinition: ResourceCheck = (r, _plan, report) => {
  const i = r.inputs as Inputs;
  const name = String(i.name ?? "");
  if (name.length < 1 || name.length > 255) {
    report("name", `is ${name.length} characters long; CloudWatch Logs accepts 1 to 255`);
  }
  const query = String(i.queryString ?? "");
  if (query.length < 1 || query.length > 10_000) {
    report("queryString", `is ${query.length} characters long; CloudWatch Logs accepts 1 to 10000`);
  }
  const groups = (i.logGroupNames ?? []) as unknown[];
  if (groups.length > 50) {
    report("logGroupNames", `lists ${groups.length} log groups; a query definition takes at most 50`);
  }
};

/** The checks of this module by type token; `src/checks/index.ts` merges them into CHECKS. */
export const METRICS_CHECKS: Record<string, ResourceCheck[]> = {
  [COMPOSITE_ALARM]: [checkCompositeAlarm],
  [LOG_GROUP]: [checkLogGroup],
  "aws:cloudwatch/logMetricFilter:LogMetricFilter": [checkMetricFilter],
  "aws:cloudwatch/queryDefinition:QueryDefinition": [checkQueryDefinition],
};
