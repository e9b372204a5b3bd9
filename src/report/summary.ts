/**
 * The plan summary a person reads: resources per type, then every alert by service with its
 * condition, window, severity and the channels it reaches.
 */
import type { Plan } from "../plan/plan";
import { type Alert, alertsOf } from "./alerts";
import { datadogSloLines } from "./datadog-slos";
import { dashboardLines } from "./dashboards";
import { sentryProjectLines } from "./sentry-projects";
import { table } from "./table";
import { familyLines, serviceFootnotes } from "./families";

export function renderSummary(plan: Plan): string {
  const lines: string[] = [];
  const custom = plan.resources.filter((r) => r.custom);
  lines.push(`${plan.project} · stack ${plan.stack} · ${plan.region}`);
  lines.push(`${custom.length} resources (${plan.resources.length - custom.length} components)`);
  lines.push("");

  lines.push("Resources by type");
  const counts = new Map<string, number>();
  for (const r of custom) counts.set(r.type, (counts.get(r.type) ?? 0) + 1);
  const rows = [...counts.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([type, n]) => [type, String(n)]);
  lines.push(...table(rows, { indent: 2, alignRight: [1] }));
  lines.push("");
  lines.push(...sentryProjectLines(plan));
  lines.push(...datadogSloLines(plan));
  lines.push(...dashboardLines(plan));

  const alerts = alertsOf(plan);
  lines.push(`Alerts: ${alerts.length}${severityCounts(alerts)}`);
  const services = [...new Set(alerts.map((a) => a.service))];
  for (const service of services) {
    const own = alerts.filter((a) => a.service === service);
    lines.push("");
    lines.push(`${service || "(no service)"}${own[0].team ? ` · team ${own[0].team}` : ""}${own[0].runbook ? ` · runbook ${own[0].runbook}` : ""}`);
    const header = ["severity", "alert", "condition", "window", "source", "routes"];
    const row = (a: Alert) => [
      a.severity,
      shortName(a),
      `${a.watches} ${a.condition}`,
      a.window,
      a.source,
      a.routes.length ? a.routes.join(", ") : "(nobody)",
    ];
    lines.push(...familyLines(own, header, row));
    lines.push(...serviceFootnotes(plan, service));
  }
  return `${lines.join("\n")}\n`;
}

function severityCounts(alerts: Alert[]): string {
  const counts = new Map<string, number>();
  for (const a of alerts) counts.set(a.severity, (counts.get(a.severity) ?? 0) + 1);
  const order = ["critical", "warning", "info"];
  const parts = [...counts.entries()]
    .sort(([a], [b]) => (order.indexOf(a) + 99) % 99 - ((order.indexOf(b) + 99) % 99) || a.localeCompare(b))
    .map(([s, n]) => `${s} ${n}`);
  return parts.length ? ` (${parts.join(", ")})` : "";
}

/** The alert's name without the `servio/<env>/<service>/` prefix everyone shares. */
function shortName(a: Alert): string {
  const prefix = `servio/${a.environment}/${a.service}/`;
  return a.name.startsWith(prefix) ? a.name.slice(prefix.length) : a.name;
}
