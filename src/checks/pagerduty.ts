/**
 * What the PagerDuty API refuses in the schedules, escalation policies, services and
 * integrations this stack declares, and the prod rule that a schedule leaves no hour of
 * the week without somebody on call.
 */
import { coverageGaps, formatGap } from "../model/coverage";
import type { Restriction } from "../model/oncall";
import { ESCALATION_POLICY, PD_INTEGRATION, PD_SERVICE, policyOf, SCHEDULE } from "../report/oncall";
import type { ResourceCheck, Reporter } from "./types";

/** PagerDuty's limits, as its API and web app enforce them. */
export const PAGERDUTY_LIMITS = {
  /** An escalation policy repeats at most 9 times. */
  maxRepeats: 9,
  /** A rule escalates after at least a minute. */
  minEscalationDelayMinutes: 1,
  /** A rule notifies 1 to 10 users or schedules. */
  maxTargets: 10,
  /** A rotation turn is at least an hour long. */
  minTurnSeconds: 3600,
  maxDailyRestrictionSeconds: 86_400,
  maxWeeklyRestrictionSeconds: 604_800,
} as const;

const ISO_WITH_ZONE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?(Z|[+-]\d{2}:\d{2})$/;
const TIME = /^([01]\d|2[0-3]):[0-5]\d:[0-5]\d$/;
const URGENCIES = ["high", "low", "severity_based"];

type Inputs = Record<string, unknown>;

export const checkSchedule: ResourceCheck = (r, plan, report) => {
  const layers = (r.inputs.layers ?? []) as Inputs[];
  if (layers.length === 0) report("layers", "has no layer", "a schedule needs at least one rotation layer");
  layers.forEach((layer, n) => {
    const at = `layers[${n}]`;
    const users = (layer.users ?? []) as unknown[];
    if (users.length === 0) report(`${at}.users`, "has nobody on it", "add people to the team's oncall in teams.yaml");
    const turn = Number(layer.rotationTurnLengthSeconds);
    if (!Number.isInteger(turn) || turn < PAGERDUTY_LIMITS.minTurnSeconds) {
      report(`${at}.rotationTurnLengthSeconds`, `${String(layer.rotationTurnLengthSeconds)} s is shorter than PagerDuty's one-hour turn`, "set rotationDays to at least 1");
    }
    for (const field of ["start", "rotationVirtualStart"]) {
      if (!ISO_WITH_ZONE.test(String(layer[field]))) report(`${at}.${field}`, `"${String(layer[field])}" is not an ISO 8601 time with a zone offset`);
    }
    ((layer.restrictions ?? []) as Restriction[]).forEach((x, k) => checkRestriction(report, `${at}.restrictions[${k}]`, x));
  });

  if (policyOf(plan)?.requireFullCoverage) {
    const gaps = coverageGaps(layers.map((l) => ({
      people: ((l.users ?? []) as unknown[]).length,
      restrictions: (l.restrictions ?? []) as Restriction[],
    })));
    if (gaps.length > 0) {
      report("layers", `leaves nobody on call ${gaps.length === 1 ? "in one gap" : `in ${gaps.length} gaps`} of the week (${String(r.inputs.timeZone)}): ${gaps.map(formatGap).join("; ")}`, "this environment requires full coverage: widen the team's hours in servio-monitoring:oncall.teams, or drop them for around the clock");
    }
  }
};

function checkRestriction(report: Reporter, at: string, x: Restriction): void {
  if (x.type !== "daily_restriction" && x.type !== "weekly_restriction") {
    report(`${at}.type`, `"${String(x.type)}" is not daily_restriction or weekly_restriction`);
    return;
  }
  if (!TIME.test(x.startTimeOfDay)) report(`${at}.startTimeOfDay`, `"${x.startTimeOfDay}" is not a time HH:mm:ss`);
  const max = x.type === "daily_restriction" ? PAGERDUTY_LIMITS.maxDailyRestrictionSeconds : PAGERDUTY_LIMITS.maxWeeklyRestrictionSeconds;
  if (!(x.durationSeconds > 0 && x.durationSeconds <= max)) {
    report(`${at}.durationSeconds`, `${x.durationSeconds} s is not between 1 and ${max} for a ${x.type}`);
  }
  if (x.type === "weekly_restriction" && !(Number.isInteger(x.startDayOfWeek) && x.startDayOfWeek! >= 1 && x.startDayOfWeek! <= 7)) {
    report(`${at}.startDayOfWeek`, `${String(x.startDayOfWeek)} is not a day from 1 (Monday) to 7 (Sunday)`);
  }
  if (x.type === "daily_restriction" && x.startDayOfWeek !== undefined) {
    report(`${at}.startDayOfWeek`, "must not be set on a daily_restriction");
  }
}

export const checkEscalationPolicy: ResourceCheck = (r, _plan, report) => {
  const loops = Number(r.inputs.numLoops ?? 0);
  if (!Number.isInteger(loops) || loops < 0 || loops > PAGERDUTY_LIMITS.maxRepeats) {
    report("numLoops", `${String(r.inputs.numLoops)} repeats; PagerDuty accepts 0 to ${PAGERDUTY_LIMITS.maxRepeats}`, "lower servio-monitoring:oncall.escalation.repeats");
  }
  const rules = (r.inputs.rules ?? []) as Inputs[];
  if (rules.length === 0) report("rules", "has no escalation rule", "add a level to servio-monitoring:oncall.escalation.levels");
  rules.forEach((rule, n) => {
    const delay = Number(rule.escalationDelayInMinutes);
    if (!Number.isInteger(delay) || delay < PAGERDUTY_LIMITS.minEscalationDelayMinutes) {
      report(`rules[${n}].escalationDelayInMinutes`, `${String(rule.escalationDelayInMinutes)} min; PagerDuty escalates after ${PAGERDUTY_LIMITS.minEscalationDelayMinutes} minute at the soonest`, `set servio-monitoring:oncall.escalation.levels[${n}].delayMinutes to a whole number of minutes, at least 1`);
    }
    const targets = (rule.targets ?? []) as Inputs[];
    if (targets.length < 1 || targets.length > PAGERDUTY_LIMITS.maxTargets) {
      report(`rules[${n}].targets`, `has ${targets.length} targets; PagerDuty accepts 1 to ${PAGERDUTY_LIMITS.maxTargets}`);
    }
    targets.forEach((t, k) => {
      if (!["user_reference", "schedule_reference"].includes(String(t.type ?? "user_reference"))) {
        report(`rules[${n}].targets[${k}].type`, `"${String(t.type)}" is not user_reference or schedule_reference`);
      }
    });
  });
};

export const checkService: ResourceCheck = (r, _plan, report) => {
  const i = r.inputs as Inputs;
  for (const field of ["acknowledgementTimeout", "autoResolveTimeout"]) {
    const v = i[field];
    if (v !== undefined && v !== "null" && !/^[1-9]\d*$/.test(String(v))) report(field, `"${String(v)}" is not a number of seconds or "null"`);
  }
  const rule = (i.incidentUrgencyRule ?? undefined) as Inputs | undefined;
  if (!rule) return;
  if (rule.type === "constant") {
    if (!URGENCIES.includes(String(rule.urgency))) report("incidentUrgencyRule.urgency", `"${String(rule.urgency)}" is not one of ${URGENCIES.join(", ")}`);
    return;
  }
  if (rule.type !== "use_support_hours") {
    report("incidentUrgencyRule.type", `"${String(rule.type)}" is not constant or use_support_hours`);
    return;
  }
  const hours = i.supportHours as Inputs | undefined;
  if (!hours) report("supportHours", "is required when the urgency rule uses support hours");
  else {
    const days = (hours.daysOfWeeks ?? []) as number[];
    if (days.length === 0 || days.some((d) => !Number.isInteger(d) || d < 1 || d > 7)) report("supportHours.daysOfWeeks", "must list days from 1 (Monday) to 7 (Sunday)");
    if (!(String(hours.startTime) < String(hours.endTime))) report("supportHours.endTime", `${String(hours.endTime)} is not after ${String(hours.startTime)}`, "support hours lie within one day");
  }
  if (!Array.isArray(i.scheduledActions) || i.scheduledActions.length === 0) {
    report("scheduledActions", "is required when the urgency rule uses support hours", "PagerDuty needs to know what happens when support hours start");
  }
};

export const checkIntegration: ResourceCheck = (r, _plan, report) => {
  if (r.inputs.vendor === undefined && r.inputs.type === undefined) report("vendor", "is missing, and so is type", "an integration needs a vendor or a type");
};

export const PAGERDUTY_CHECKS: Record<string, ResourceCheck[]> = {
  [SCHEDULE]: [checkSchedule],
  [ESCALATION_POLICY]: [checkEscalationPolicy],
  [PD_SERVICE]: [checkService],
  [PD_INTEGRATION]: [checkIntegration],
};

