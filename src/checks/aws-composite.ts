/**
 * What PutCompositeAlarm refuses: a rule that does not parse or is too long, children that
 * do not exist, more than 100 of them, and composites that watch each other.
 */
import { MAX_ALARM_RULE_LENGTH, MAX_COMPOSITE_CHILDREN } from "../model/composite";
import { ofType, type Plan, type PlanResource } from "../plan/plan";
import { parseAlarmRule } from "./alarm-rule";
import type { ResourceCheck } from "./types";

export const METRIC_ALARM = "aws:cloudwatch/metricAlarm:MetricAlarm";
export const COMPOSITE_ALARM = "aws:cloudwatch/compositeAlarm:CompositeAlarm";

const RULE_HINT =
  'combine ALARM("name"), OK("name"), INSUFFICIENT_DATA("name"), TRUE, FALSE with AND, OR, NOT ' +
  "and parentheses";

export const checkCompositeAlarm: ResourceCheck = (r, plan, report) => {
  const i = r.inputs;
  const name = String(i.alarmName ?? "");
  if (name.length < 1 || name.length > 255) {
    report("alarmName", `is ${name.length} characters long; CloudWatch accepts 1 to 255`);
  }
  const rule = String(i.alarmRule ?? "");
  if (rule.length < 1 || rule.length > MAX_ALARM_RULE_LENGTH) {
    report("alarmRule", `is ${rule.length} characters long; CloudWatch accepts 1 to ${MAX_ALARM_RULE_LENGTH}`);
  }
  const parsed = parseAlarmRule(rule);
  if ("error" in parsed) {
    report("alarmRule", parsed.error, RULE_HINT);
    return;
  }

  const children = [...new Set(parsed.children)];
  if (children.length > MAX_COMPOSITE_CHILDREN) {
    report(
      "alarmRule",
      `watches ${children.length} alarms; a composite alarm watches at most ${MAX_COMPOSITE_CHILDREN}`,
      "split it into composites of composites",
    );
  }
  const known = alarmNames(plan);
  for (const child of children) {
    if (child === name) report("alarmRule", "watches itself");
    else if (!known.has(child)) {
      const hint = "a composite can only watch alarms that exist";
      report("alarmRule", `watches "${child}", which is not an alarm of this plan`, hint);
    }
  }
  const cycle = findCycle(name, plan);
  if (cycle) {
    const hint = "CloudWatch cannot delete composites that watch each other";
    report("alarmRule", `is part of a cycle: ${cycle.join(" -> ")}`, hint);
  }

  for (const field of ["alarmActions", "okActions", "insufficientDataActions"]) {
    const actions = (i[field] ?? []) as unknown[];
    if (actions.length > 5) report(field, `has ${actions.length} actions; CloudWatch accepts at most 5`);
  }
};

/** Every alarm name in the plan, metric and composite, with the resource that declares it. */
function alarmNames(plan: Plan): Map<string, PlanResource> {
  const names = new Map<string, PlanResource>();
  for (const r of ofType(plan, METRIC_ALARM)) names.set(String(r.inputs.name ?? ""), r);
  for (const r of ofType(plan, COMPOSITE_ALARM)) names.set(String(r.inputs.alarmName ?? ""), r);
  return names;
}

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
