/**
 * What Sentry's API refuses, or silently misreads, in metric alerts: datasets, windows, the
 * critical and warning triggers and the order of their thresholds, and trigger actions.
 */
import { SENTRY_TIME_WINDOWS } from "../model/sentry";
import type { Reporter, ResourceCheck } from "./types";

type Inputs = Record<string, unknown>;

const DATASETS = [
  "events", "transactions", "sessions", "metrics", "generic_metrics", "events_analytics_platform",
];
const ACTION_TYPES = ["email", "slack", "pagerduty", "msteams", "sentry_app", "opsgenie", "discord"];
const TARGET_TYPES = ["specific", "user", "team", "sentry_app"];
/** Aggregates that read transactions, which the `events` (errors) dataset does not hold. */
const TRANSACTION_AGGREGATE = /transaction\.duration|failure_rate\(|apdex\(|measurements\./;

/** Checks a SentryMetricAlert against Sentry's alert-rule serializer. */
export const checkMetricAlert: ResourceCheck = (r, _plan, report) => {
  const i = r.inputs as Inputs;
  const dataset = String(i.dataset ?? "events");
  oneOf(report, "dataset", dataset, DATASETS);
  const aggregate = String(i.aggregate ?? "");
  if (dataset === "events" && TRANSACTION_AGGREGATE.test(aggregate)) {
    report(
      "aggregate",
      `${aggregate} reads transactions, but the dataset "events" holds only errors`,
      'use the dataset "transactions"',
    );
  }
  if (!(SENTRY_TIME_WINDOWS as readonly number[]).includes(Number(i.timeWindow))) {
    report(
      "timeWindow",
      `${String(i.timeWindow)} minutes is not a window Sentry accepts`,
      `use one of ${SENTRY_TIME_WINDOWS.join(", ")}`,
    );
  }
  const type = Number(i.thresholdType);
  if (type !== 0 && type !== 1) {
    report(
      "thresholdType",
      `${String(i.thresholdType)} is not 0 (above) or 1 (below)`,
    );
  }
  if (typeof i.environment !== "string" || i.environment === "") {
    report(
      "environment",
      "is not set: the rule counts events of every environment",
      "set environment to the one the rule belongs to (e.g. production)",
    );
  }
  checkTriggers(report, list(i.triggers), type, aggregate, i.resolveThreshold);
};

function checkTriggers(
  report: Reporter,
  triggers: Inputs[],
  type: number,
  aggregate: string,
  resolve: unknown,
): void {
  const byLabel = new Map<string, number>();
  triggers.forEach((t, n) => {
    const at = `triggers[${n}]`;
    const label = String(t.label);
    if (label !== "critical" && label !== "warning") {
      report(`${at}.label`, `"${label}" is not a trigger Sentry knows`, "label triggers critical or warning");
      return;
    }
    if (byLabel.has(label)) report(`${at}.label`, `a second ${label} trigger; Sentry accepts one of each`);
    const threshold = Number(t.alertThreshold);
    byLabel.set(label, threshold);
    if (Number(t.thresholdType) !== type) {
      report(
        `${at}.thresholdType`,
        `${String(t.thresholdType)} differs from the rule's thresholdType ${type}`,
        "a trigger compares the way its rule does",
      );
    }
    if (!Number.isFinite(threshold) || threshold < 0) {
      report(
        `${at}.alertThreshold`,
        `${String(t.alertThreshold)} is below 0: ${aggregate} is never negative, ` +
          `so the trigger ${type === 0 ? "always" : "never"} fires`,
        "give a threshold of 0 or more",
      );
    } else if (aggregate.startsWith("failure_rate(") && threshold > 1) {
      report(
        `${at}.alertThreshold`,
        `${threshold} reads as ${threshold * 100} %: Sentry computes failure_rate() as a fraction of 1`,
        `write ${threshold} % as ${threshold / 100}`,
      );
    }
    list(t.actions).forEach((a, k) => checkAction(report, `${at}.actions[${k}]`, a));
  });

  const critical = byLabel.get("critical");
  const warning = byLabel.get("warning");
  if (critical === undefined) {
    report("triggers", "has no critical trigger; Sentry requires one", "add a trigger labelled critical");
    return;
  }
  if (warning !== undefined) {
    const wrongOrder = type === 0 ? warning >= critical : warning <= critical;
    if (wrongOrder) {
      const side = type === 0 ? "below" : "above";
      report(
        "triggers",
        `the warning threshold (${warning}) is not ${side} the critical one (${critical})`,
        `with thresholdType ${type} the warning must fire first: put it ${side} critical`,
      );
    }
  }
  if (resolve !== undefined && resolve !== null) {
    const value = Number(resolve);
    const both = [critical, warning ?? critical];
    const lowest = type === 0 ? Math.min(...both) : Math.max(...both);
    if (type === 0 ? value >= lowest : value <= lowest) {
      report(
        "resolveThreshold",
        `${value} would resolve the alert before it fires (threshold ${lowest})`,
        `put it ${type === 0 ? "below" : "above"} every trigger's threshold`,
      );
    }
  }
}

function checkAction(report: Reporter, at: string, a: Inputs): void {
  const type = String(a.type);
  oneOf(report, `${at}.type`, type, ACTION_TYPES);
  oneOf(report, `${at}.targetType`, a.targetType, TARGET_TYPES);
  if (type === "pagerduty" && (a.integrationId === undefined || a.targetType !== "specific")) {
    report(
      at,
      "a PagerDuty action needs integrationId and targetType specific (targetIdentifier: the service)",
    );
  }
  if (type === "slack" && (a.integrationId === undefined || a.targetType !== "specific")) {
    report(at, "a Slack action needs integrationId and targetType specific (targetIdentifier: the channel)");
  }
  if (type === "email" && !["user", "team"].includes(String(a.targetType))) {
    report(`${at}.targetType`, `e-mail goes to a user or a team, not "${String(a.targetType)}"`);
  }
  if (type === "sentry_app" && a.targetType !== "sentry_app") {
    report(`${at}.targetType`, 'must be "sentry_app" for a Sentry app action');
  }
  if (a.targetType !== "specific" && !a.targetIdentifier) report(`${at}.targetIdentifier`, "is required");
}

/** The array at `value`, or none: inputs the user left out are checked as empty. */
export function list(value: unknown): Inputs[] {
  return Array.isArray(value) ? (value as Inputs[]) : [];
}

/** Reports `field` unless its value is one of `allowed`. */
export function oneOf(report: Reporter, field: string, value: unknown, allowed: readonly string[]): void {
  if (!allowed.includes(String(value))) {
    report(
      field,
      `"${String(value)}" is not one of ${allowed.join(", ")}`,
    );
  }
}
