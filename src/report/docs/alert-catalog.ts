/**
 * The alert catalog: per service, every alert of every source with what it watches, its
 * condition and window, its severity, who it reaches and its runbook. Read from the plan.
 */
import type { Plan } from "../../plan/plan";
import { type Alert, alertsOf } from "../alerts";
import { type ChannelView, policyOf, type TeamView, teamsOf } from "../oncall";
import { code, generatedNote, mdLink, mdTable } from "./markdown";
import { describeChannel } from "./who";

const SEVERITY_ORDER = ["critical", "warning", "info"];

/** The catalog as Markdown, one section per service, alerts by severity then name. */
export function renderAlertCatalog(plan: Plan): string {
  const alerts = alertsOf(plan);
  const policy = policyOf(plan);
  const teams = teamsOf(plan);
  const lines = [`# Alert catalog: ${plan.stack}`, "", generatedNote(plan.stack), ""];

  const services = [...new Set(alerts.map((a) => a.service))];
  lines.push(`${alerts.length} alerts across ${services.length} services.`, "");

  if (policy) {
    lines.push("## Routing", "", "Every alert reaches the channels of its severity, whatever its source. A page goes to the on-call of the team that owns the service (see oncall.md).", "");
    const rows = SEVERITY_ORDER.filter((s) => s in policy.routing).map((s) => [
      s,
      policy.routing[s].length ? policy.routing[s].join(", ") : "(nobody)",
    ]);
    lines.push(...mdTable(["Severity", "Channels"], rows), "");
    const channels = Object.keys(policy.channels).sort().map((c) => [code(c), policy.channels[c].type, describeChannel(policy.channels[c])]);
    lines.push(...mdTable(["Channel", "Type", "Reaches"], channels), "");
  }

  for (const service of services) {
    const own = alerts.filter((a) => a.service === service).sort(bySeverity);
    const team = teams.find((t) => t.services.some((s) => s.service === service)) ?? teams.find((t) => t.team === own[0].team);
    lines.push(`## ${service || "(no service)"}`, "");
    const facts = [
      `Team: ${team ? `${team.displayName} (${code(team.team)})` : own[0].team ?? "(none)"}`,
      `Runbook: ${mdLink(own[0].runbook ?? "", own[0].runbook)}`,
    ];
    lines.push(facts.join(" · "), "");
    const rows = own.map((a) => [
      code(shortName(a)),
      a.source,
      a.watches,
      a.condition,
      a.window,
      a.severity,
      a.routes.length ? a.routes.map((c) => reached(c, policy?.channels[c], team)).join(", ") : "(nobody)",
      mdLink("runbook", a.runbook),
    ]);
    lines.push(...mdTable(["Alert", "Source", "Watches", "Condition", "Window", "Severity", "Reaches", "Runbook"], rows), "");
  }
  return `${lines.join("\n").trimEnd()}\n`;
}

/** A channel name, with the team's escalation where it pages: `page (Checkout primary, then secondary)`. */
function reached(channel: string, view: ChannelView | undefined, team: TeamView | undefined): string {
  if (view?.type !== "pagerduty") return channel;
  return team ? `${channel} (${team.displayName} ${team.levels.map((l) => l.rotation).join(", then ")})` : `${channel} (no on-call team)`;
}

function bySeverity(a: Alert, b: Alert): number {
  const rank = (s: string) => (SEVERITY_ORDER.includes(s) ? SEVERITY_ORDER.indexOf(s) : SEVERITY_ORDER.length);
  return rank(a.severity) - rank(b.severity) || a.name.localeCompare(b.name) || a.urn.localeCompare(b.urn);
}

/** The alert's name without the `servio/<env>/<service>/` prefix everyone shares. */
function shortName(a: Alert): string {
  const prefix = `servio/${a.environment}/${a.service}/`;
  return a.name.startsWith(prefix) ? a.name.slice(prefix.length) : a.name;
}
