/**
 * The "service unhealthy" composite alarm: one alarm that pages for a service, over the
 * alarms that would each have paged. Its children then notify the route of
 * `childSeverity` (a ticket, a mail) instead of paging one by one.
 */
import { alarmName, type AlarmSpec } from "./alarm-specs";
import type { Service } from "./model";
import type { Severity } from "./vocabulary";

/** CloudWatch's limits on a composite alarm's rule. */
export const MAX_COMPOSITE_CHILDREN = 100;
export const MAX_ALARM_RULE_LENGTH = 10_240;

export interface CompositeSpec {
  /** `servio/<env>/<service>/unhealthy`. */
  alarmName: string;
  service: string;
  severity: Severity;
  /** `ALARM("…") OR ALARM("…")`, children in name order. */
  rule: string;
  /** Names of the metric alarms it watches. */
  children: string[];
  /** Where the children's notifications go instead of the pager. */
  childSeverity: Severity;
  description: string;
  source: string;
}

/**
 * The composite of a service, or undefined when it is off or nothing would page: the
 * children are the service's critical alarms in the stack's region (a composite can only
 * watch alarms of its own region, so the us-east-1 uptime alarm keeps paging itself).
 */
export function compositeSpec(
  environment: string,
  service: Service,
  specs: AlarmSpec[],
): CompositeSpec | undefined {
  const c = service.composite;
  if (!c?.enabled) return undefined;
  const children = specs
    .filter((s) => s.severity === "critical" && s.region === "stack")
    .map((s) => s.alarmName)
    .sort();
  if (children.length === 0) return undefined;
  return {
    alarmName: alarmName(environment, service.name, "unhealthy"),
    service: service.name,
    severity: "critical",
    rule: children.map((n) => `ALARM("${n}")`).join(" OR "),
    children,
    childSeverity: c.childSeverity,
    description:
      `${service.name} is unhealthy: ${children.length} critical alarm(s) watched, ` +
      `see which one is in ALARM. Runbook: ${service.runbook}`,
    source: c.source,
  };
}
