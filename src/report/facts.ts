/**
 * Facts about a plan that the diff and the policy rules both need: which channels page
 * someone, which alerts page, which resources hold state that a delete would lose.
 */
import { type Plan, type PlanResource, resourceByUrn } from "../plan/plan";
import type { Alert } from "./alerts";

/** The type token of the component that records one channel's subscription to one severity. */
export const ROUTE_TYPE = "servio:monitoring:Route";

/**
 * Resource types that hold state a delete or a replacement loses, with what is lost. A
 * vendor module adds its stateful types here. Default: none beyond these, because most
 * monitoring resources (alarms, monitors, rules) are recreated without loss.
 */
export const STATEFUL_TYPES: Record<string, string> = {
  "pagerduty:index/service:Service": "its incident history",
  "aws:cloudwatch/logGroup:LogGroup": "its log events",
  "sentry:index/sentryProject:SentryProject": "its issues and events",
};

/** Names of the channels of type `pagerduty` the plan routes to. */
export function pagingChannels(plan: Plan): Set<string> {
  return new Set(
    plan.resources
      .filter((r) => r.type === ROUTE_TYPE && r.inputs.channelType === "pagerduty")
      .map((r) => String(r.inputs.channel)),
  );
}

/** The channels through which an alert pages someone, sorted; empty when it pages nobody. */
export function pagesThrough(alert: Alert, paging: Set<string>): string[] {
  return alert.routes.filter((c) => paging.has(c));
}

/** Whether a resource holds state (see STATEFUL_TYPES). */
export function isStateful(r: PlanResource): boolean {
  return r.type in STATEFUL_TYPES;
}

/** A resource by URN, or undefined. */
export function resourceOf(plan: Plan, urn: string): PlanResource | undefined {
  return resourceByUrn(plan, urn);
}

/**
 * How many recent datapoints must breach before the alert fires: a CloudWatch alarm's
 * `datapointsToAlarm` (default `evaluationPeriods`); for other sources the "N of M" of
 * the alert's window.
 */
export function datapointsToAlarm(plan: Plan, alert: Alert): number | undefined {
  const inputs = resourceOf(plan, alert.urn)?.inputs;
  if (inputs && (inputs.datapointsToAlarm !== undefined || inputs.evaluationPeriods !== undefined)) {
    return Number(inputs.datapointsToAlarm ?? inputs.evaluationPeriods);
  }
  const m = /^(\d+) of /.exec(alert.window);
  return m ? Number(m[1]) : undefined;
}

/**
 * What an alert does when it fires: a CloudWatch alarm's `alarmActions`; for other sources,
 * the channels it is routed to.
 */
export function actionsOf(plan: Plan, alert: Alert): string[] {
  const inputs = resourceOf(plan, alert.urn)?.inputs;
  if (inputs && Array.isArray(inputs.alarmActions)) return inputs.alarmActions.map(String);
  return alert.routes;
}
