/**
 * What the CloudWatch and CloudWatch Logs APIs refuse in the resources of issue 3:
 * anomaly bands (PutMetricAlarm), composite alarms (PutCompositeAlarm), log groups
 * (PutRetentionPolicy), metric filters (PutMetricFilter) and saved queries (PutQueryDefinition).
 */
import { MAX_ALARM_RULE_LENGTH, MAX_COMPOSITE_CHILDREN } from "../model/composite";
import { filterPatternProblem } from "../model/log-patterns";
import { RETENTION_DAYS } from "../model/schema-metrics";
import { ofType, type Plan, type PlanResource } from "../plan/plan";
import { parseAlarmRule } from "./alarm-rule";
import type { Reporter, ResourceCheck } from "./types";

type Inputs = Record<string, unknown>;

export const METRIC_ALARM = "aws:cloudwatch/metricAlarm:MetricAlarm";
export const COMPOSITE_ALARM = "aws:cloudwatch/compositeAlarm:CompositeAlarm";
export const LOG_GROUP = "aws:cloudwatch/logGroup:LogGroup";

const BAND = /^ANOMALY_DETECTION_BAND\(\s*([a-z][a-zA-Z0-9_]*)\s*(,\s*\d+(\.\d+)?\s*)?\)$/;

/** The band query of an anomaly alarm: it exists, is a band over a metric query, is returned. */
export function checkBand(report: Reporter, queries: Inputs[], bandId: string): void {
  const band = queries.find((q) => q.id === bandId);
  if (!band) {
    report("thresholdMetricId", `"${bandId}" names no query of metricQueries`, "name the id of the ANOMALY_DETECTION_BAND query");
    return;
  }
  const m = BAND.exec(String(band.expression ?? "").trim());
  if (!m) {
    report("thresholdMetricId", `"${bandId}" is not an ANOMALY_DETECTION_BAND(<metric id>, <width>) expression`);
    return;
  }
  if (!queries.some((q) => q.id === m[1] && q.metric !== undefined)) {
    report("thresholdMetricId", `the band of "${bandId}" is over "${m[1]}", which is not a metric query`, "anomaly detection models one metric");
  }
  if (band.returnData !== true) report("thresholdMetricId", `"${bandId}" must have returnData true`);
}

/** Every alarm name in the plan, metric and composite, with the resource that declares it. */
function alarmNames(plan: Plan): Map<string, PlanResource> {
  const names = new Map<string, PlanResource>();
  for (const r of ofType(plan, METRIC_ALARM)) names.set(String(r.inputs.name ?? ""), r);
  for (const r of ofType(plan, COMPOSITE_ALARM)) names.set(String(r.inputs.alarmName ?? ""), r);
  return names;
}

export const checkCompositeAlarm: ResourceCheck = (r, plan, report) => {
  const i = r.inputs as Inputs;
  const name = String(i.alarmName ?? "");
  if (name.length < 1 || name.length > 255) report("alarmName", `is ${name.length} characters long; CloudWatch accepts 1 to 255`);
  const rule = String(i.alarmRule ?? "");
  if (rule.length < 1 || rule.length > MAX_ALARM_RULE_LENGTH) {
    report("alarmRule", `is ${rule.length} characters long; CloudWatch accepts 1 to ${MAX_ALARM_RULE_LENGTH}`);
  }
  const parsed = parseAlarmRule(rule);
  if ("error" in parsed) {
    report("alarmRule", parsed.error, 'combine ALARM("name"), OK("name"), INSUFFICIENT_DATA("name"), TRUE, FALSE with AND, OR, NOT and parentheses');
    return;
  }
  const children = [...new Set(parsed.children)];
  if (children.length > MAX_COMPOSITE_CHILDREN) {
    report("alarmRule", `watches ${children.length} alarms; a composite alarm watches at most ${MAX_COMPOSITE_CHILDREN}`, "split it into composites of composites");
  }
  const known = alarmNames(plan);
  for (const child of children) {
    if (child === name) report("alarmRule", "watches itself");
    else if (!known.has(child)) report("alarmRule", `watches "${child}", which is not an alarm of this plan`, "a composite can only watch alarms that exist");
  }
  const cycle = findCycle(name, plan);
  if (cycle) report("alarmRule", `is part of a cycle: ${cycle.join(" -> ")}`, "CloudWatch cannot delete composites that watch each other");
  for (const field of ["alarmActions", "okActions", "insufficientDataActions"]) {
    const actions = (i[field] ?? []) as unknown[];
    if (actions.length > 5) report(field, `has ${actions.length} actions; CloudWatch accepts at most 5`);
  }
};

/** A path from `start` back to itself through composite rules, if there is one. */
function findCycle(start: string, plan: Plan): string[] | undefined {
  const rules = new Map<string, string[]>();
  for (const c of ofType(plan, COMPOSITE_ALARM)) {
    const parsed = parseAlarmRule(String(c.inputs.alarmRule ?? ""));
    rules.set(String(c.inputs.alarmName ?? ""), "error" in parsed ? [] : parsed.children);
  }
  const walk = (at: string, path: string[]): string[] | undefined => {
    for (const child of rules.get(at) ?? []) {
      if (child === start && path.length > 1) return [...path, child];
      if (child === start || path.includes(child)) continue;
      const found = walk(child, [...path, child]);
      if (found) return found;
    }
    return undefined;
  };
  return walk(start, [start]);
}

export const checkLogGroup: ResourceCheck = (r, _plan, report) => {
  const i = r.inputs as Inputs;
  const name = String(i.name ?? "");
  if (!/^[.\-_/#A-Za-z0-9]{1,512}$/.test(name)) report("name", `"${name}" is not a log group name CloudWatch Logs accepts`, "1 to 512 of a-z, A-Z, 0-9, . - _ / #");
  if (i.retentionInDays !== undefined && !(RETENTION_DAYS as readonly number[]).includes(Number(i.retentionInDays))) {
    report("retentionInDays", `${String(i.retentionInDays)} days is not a retention CloudWatch Logs accepts`, `use one of ${RETENTION_DAYS.join(", ")}`);
  }
};

export const checkMetricFilter: ResourceCheck = (r, plan, report) => {
  const i = r.inputs as Inputs;
  const name = String(i.name ?? "");
  if (!/^[^:*]{1,512}$/.test(name)) report("name", `"${name}" is not a filter name CloudWatch Logs accepts`, "1 to 512 characters, no : or *");
  const problem = filterPatternProblem(String(i.pattern ?? ""));
  if (problem) report("pattern", problem);
  const t = (i.metricTransformation ?? {}) as Inputs;
  if (!/^[^:*$]{1,255}$/.test(String(t.name ?? ""))) report("metricTransformation.name", `"${String(t.name ?? "")}" is not a metric name CloudWatch accepts`, "1 to 255 characters, no : * or $");
  if (!/^[^:*$]{1,255}$/.test(String(t.namespace ?? ""))) report("metricTransformation.namespace", `"${String(t.namespace ?? "")}" is not a namespace CloudWatch accepts`);
  if (String(t.namespace ?? "").startsWith("AWS/")) report("metricTransformation.namespace", "must not be in the AWS/ namespaces");
  if (t.defaultValue !== undefined && !Number.isFinite(Number(t.defaultValue))) report("metricTransformation.defaultValue", `"${String(t.defaultValue)}" is not a number`);
  const group = String(i.logGroupName ?? "");
  if (!ofType(plan, LOG_GROUP).some((g) => g.inputs.name === group)) {
    report("logGroupName", `"${group}" is not a log group of this plan`, "the group must exist before a filter can be put on it", "warning");
  }
};

export const checkQueryDefinition: ResourceCheck = (r, _plan, report) => {
  const i = r.inputs as Inputs;
  const name = String(i.name ?? "");
  if (name.length < 1 || name.length > 255) report("name", `is ${name.length} characters long; CloudWatch Logs accepts 1 to 255`);
  const query = String(i.queryString ?? "");
  if (query.length < 1 || query.length > 10_000) report("queryString", `is ${query.length} characters long; CloudWatch Logs accepts 1 to 10000`);
  const groups = (i.logGroupNames ?? []) as unknown[];
  if (groups.length > 50) report("logGroupNames", `lists ${groups.length} log groups; a query definition takes at most 50`);
};

export const METRICS_CHECKS: Record<string, ResourceCheck[]> = {
  [COMPOSITE_ALARM]: [checkCompositeAlarm],
  [LOG_GROUP]: [checkLogGroup],
  "aws:cloudwatch/logMetricFilter:LogMetricFilter": [checkMetricFilter],
  "aws:cloudwatch/queryDefinition:QueryDefinition": [checkQueryDefinition],
};
