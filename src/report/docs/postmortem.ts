/**
 * The post-mortem template PagerDuty service descriptions link to: blameless, with the
 * facts the alert catalog and the on-call page let a responder fill in.
 */
import type { Plan } from "../../plan/plan";
import { generatedNote } from "./markdown";

/** The template as Markdown; the same for every environment but its name. */
export function renderPostmortemTemplate(plan: Plan): string {
  return `${[
    `# Post-mortem: <incident title> (${plan.stack})`,
    "",
    generatedNote(plan.stack),
    "",
    "Blameless: describe what the system and the process did, not who was at fault.",
    "",
    "## Summary",
    "",
    "- **Incident:** <PagerDuty incident link>",
    "- **Service(s):** <service names, as in the alert catalog (alerts.md)>",
    "- **Severity:** <critical | warning>",
    "- **Duration:** <detected at> to <resolved at>, <time zone>",
    "- **Customer impact:** <who noticed what, for how long>",
    "",
    "## Timeline",
    "",
    "| Time | Event |",
    "|---|---|",
    "| <hh:mm> | <first alert: name and source, from the alert catalog> |",
    "| <hh:mm> | <acknowledged by, at escalation level n (see oncall.md)> |",
    "| <hh:mm> | <mitigated> |",
    "| <hh:mm> | <resolved> |",
    "",
    "## Detection",
    "",
    "- Which alert fired first, and was it the right one? Did its runbook help?",
    "- Time from the start of impact to the first page; would a different threshold or window have caught it sooner?",
    "",
    "## Response",
    "",
    "- Did the page reach the right person? Did it escalate, and why?",
    "- What was done to mitigate, and what slowed it down?",
    "",
    "## Root cause and contributing factors",
    "",
    "<What happened, why, and what made it worse or harder to see.>",
    "",
    "## Action items",
    "",
    "| Action | Owner | Ticket | Due |",
    "|---|---|---|---|",
    "| <fix, alert or runbook change> | <team> | <link> | <date> |",
    "",
    "## Follow-up",
    "",
    "- Update the runbook of each alert that fired.",
    "- Change thresholds in the catalog or `Pulumi.<env>.yaml`, not by hand in the vendor, then regenerate these docs.",
  ].join("\n")}\n`;
}
