/**
 * Incident rules across vendors: every paging route ends at a schedule with people on it,
 * every route names a channel the routing table defines, and every alert has a runbook
 * where the environment requires one.
 */
import type { Plan } from "../plan/plan";
import { alertsOf } from "../report/alerts";
import { INCIDENT_POLICY, policyOf, teamsOf } from "../report/oncall";
import type { ResourceCheck } from "./types";

export const ROUTE = "servio:monitoring:Route";

/** A PagerDuty route: each service it pages has a team whose every level pages a staffed schedule. */
export const checkRoute: ResourceCheck = (r, plan, report) => {
  const channel = String(r.inputs.channel);
  const policy = policyOf(plan);
  if (policy && !(channel in policy.channels)) {
    report("channel", `routes to "${channel}", which the routing table does not define`, `define it under servio-monitoring:channels; defined: ${Object.keys(policy.channels).join(", ")}`);
  }
  if (r.inputs.channelType !== "pagerduty") return;

  const services = (r.inputs.services ?? []) as string[];
  if (services.length === 0) report("services", "pages no service: the PagerDuty channel reaches nobody", "declare the OnCall setup for the services of this environment");
  const teams = teamsOf(plan);
  services.forEach((service, n) => {
    const team = teams.find((t) => t.services.some((s) => s.service === service));
    if (!team) {
      report(`services[${n}]`, `pages "${service}", but no team's on-call has a PagerDuty service for it`);
      return;
    }
    if (team.levels.length === 0) report(`services[${n}]`, `pages "${service}", but team ${team.team}'s escalation has no level`);
    for (const level of team.levels) {
      if (!level.schedule) {
        report(`services[${n}]`, `pages "${service}" through team ${team.team}, whose ${level.rotation} level pages the schedule "${level.scheduleName}", which the plan does not hold`);
      } else if (!level.schedule.layers.some((l) => l.users.length > 0)) {
        report(`services[${n}]`, `pages "${service}" through team ${team.team}, whose ${level.rotation} schedule has nobody on it`, "add people to the team's oncall in teams.yaml");
      }
    }
  });
};

/**
 * Every runbook an alert links is an https URL. Whether an alert must have one at all is the
 * policy's `alert-has-runbook` rule (src/policy/rules.ts), so one mistake is told once.
 */
export const checkRunbooks: ResourceCheck = (_r, plan, report) => {
  for (const alert of alertsOf(plan)) {
    const runbook = alert.runbook ?? "";
    if (runbook !== "" && !runbook.startsWith("https://")) {
      const message = `alert "${alert.name}" (${alert.source}) has the runbook "${runbook}", which is not an https:// URL`;
      report("runbook", message, "link the runbook over https");
    }
  }
};

export const INCIDENT_CHECKS: Record<string, ResourceCheck[]> = {
  [ROUTE]: [checkRoute],
  [INCIDENT_POLICY]: [checkRunbooks],
};

/** The channels a severity reaches by the plan's routing table, sorted (as Alert.routes are). */
export function channelsOfSeverity(plan: Plan, severity: string): string[] {
  return [...(policyOf(plan)?.routing[severity] ?? [])].sort();
}
