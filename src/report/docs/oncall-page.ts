/**
 * The on-call page: per team, who is paged and in which order (escalation levels and their
 * delays), the schedules (time zone, hand-off, turn, hours, rotation order), the PagerDuty
 * services with their urgency and timeouts, and a contact list. Read from the plan.
 */
import { coverageGaps, formatGap, formatMinuteOfWeek } from "../../model/coverage";
import type { Restriction } from "../../model/oncall";
import type { Plan } from "../../plan/plan";
import { type LayerView, policyOf, type TeamView, teamsOf } from "../oncall";
import { code, generatedNote, mdLink, mdTable } from "./markdown";

/** The on-call page as Markdown. */
export function renderOnCallPage(plan: Plan): string {
  const teams = teamsOf(plan);
  const policy = policyOf(plan);
  const lines = [`# On-call: ${plan.stack}`, "", generatedNote(plan.stack), ""];

  if (teams.length === 0) {
    lines.push(`Nobody is paged in ${plan.stack}: no severity routes to a PagerDuty channel.`, "");
  } else {
    const paging = Object.entries(policy?.routing ?? {})
      .filter(([, channels]) => channels.some((c) => policy?.channels[c]?.type === "pagerduty"))
      .map(([severity]) => severity);
    lines.push(`Pages for ${paging.join(", ")} alerts go to the owning team's escalation policy below.`);
    if (policy?.postmortemTemplate) lines.push(`After an incident, write a post-mortem: ${mdLink("template", policy.postmortemTemplate)}.`);
    lines.push("");
  }

  for (const team of teams) lines.push(...teamSection(team), "");

  if (teams.length > 0) {
    lines.push("## Contacts", "");
    const people = [...new Set(teams.flatMap((t) => t.people))].sort();
    const rows = people.map((p) => [p, teams.filter((t) => t.people.includes(p)).map((t) => t.displayName).join(", ")]);
    lines.push(...mdTable(["Person", "Teams"], rows), "");
  }
  return `${lines.join("\n").trimEnd()}\n`;
}

function teamSection(team: TeamView): string[] {
  const lines = [`## ${team.displayName} (${code(team.team)})`, ""];
  lines.push(`Team mailbox: ${team.email} · Services: ${team.services.map((s) => s.service).join(", ") || "(none)"}`, "");

  lines.push("### Escalation", "");
  const levels = team.levels.map((l, n) => [String(n + 1), l.schedule?.name ?? l.scheduleName, `${l.delayMinutes} min`]);
  lines.push(...mdTable(["Level", "Pages the schedule", "Escalates after"], levels), "");
  lines.push(team.repeats === 0
    ? "The policy runs once: when nobody acknowledges, it stops at the last level."
    : `When nobody acknowledges, the policy runs again, up to ${team.repeats} ${team.repeats === 1 ? "time" : "times"}.`, "");

  lines.push("### Schedules", "");
  const schedules = team.schedules.flatMap((s) => s.layers.map((l) => [
    s.name,
    s.timeZone,
    handoff(l),
    turn(l.turnSeconds),
    hours(l.restrictions),
    l.users.join(", "),
  ]));
  lines.push(...mdTable(["Schedule", "Time zone", "First hand-off", "Turn", "Hours", "Rotation order"], schedules), "");
  for (const s of team.schedules) {
    const gaps = coverageGaps(s.layers.map((l) => ({ people: l.users.length, restrictions: l.restrictions })));
    if (gaps.length > 0) lines.push(`Nobody is on call in ${s.name}: ${gaps.map(formatGap).join("; ")}.`, "");
  }

  lines.push("### PagerDuty services", "");
  const services = team.services.map((s) => [s.name, s.urgency, s.acknowledgementTimeout, s.autoResolveTimeout, s.integrations.join(", ")]);
  lines.push(...mdTable(["Service", "Urgency", "Re-triggers after ack", "Auto-resolves after", "Integrations"], services));
  return lines;
}

function handoff(layer: LayerView): string {
  return layer.start.replace("T", " ").replace(/:00([+-]\d{2}:\d{2}|Z)$/, " ($1)");
}

function turn(seconds: number): string {
  const days = seconds / 86_400;
  if (days === 7) return "1 week";
  return Number.isInteger(days) ? `${days} ${days === 1 ? "day" : "days"}` : `${seconds / 3600} h`;
}

/** `around the clock`, or `monday 09:00 +10 h; …`. */
function hours(restrictions: Restriction[]): string {
  if (restrictions.length === 0) return "around the clock";
  return restrictions.map((r) => {
    const [h, m] = r.startTimeOfDay.split(":").map(Number);
    const length = `${r.durationSeconds / 3600} h`;
    if (r.type === "daily_restriction") return `daily from ${r.startTimeOfDay.slice(0, 5)} for ${length}`;
    return `${formatMinuteOfWeek(((r.startDayOfWeek ?? 1) - 1) * 1440 + h * 60 + m)} for ${length}`;
  }).join("; ");
}
