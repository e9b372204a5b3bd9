/**
 * The summary's view of one service: its alerts grouped by family, each with the source of
 * its knobs, then its logs and the alarm kinds turned off, all read from the plan.
 */
import type { Plan } from "../plan/plan";
import type { Alert } from "./alerts";
import { table } from "./table";

/** Families in the order a reader looks for them: what pages first, then outside in. */
export const FAMILY_ORDER = [
  "composite", "application", "errors", "apm", "infrastructure", "database", "business", "custom", "logs",
];

const TITLES: Record<string, string> = {
  composite: "service unhealthy (pages once for its children)",
  application: "application",
  errors: "error tracking",
  apm: "application performance (Datadog APM)",
  infrastructure: "infrastructure",
  database: "databases",
  business: "business",
  custom: "custom metrics",
  logs: "logs",
};

/** Lines for one service's alerts, by family; `row` renders one alert as table cells. */
export function familyLines(
  alerts: Alert[],
  header: string[],
  row: (a: Alert) => string[],
): string[] {
  const families = [...new Set(alerts.map((a) => a.family ?? "other"))].sort(
    (a, b) => rank(a) - rank(b) || a.localeCompare(b),
  );
  const lines: string[] = [];
  for (const family of families) {
    const own = alerts.filter((a) => (a.family ?? "other") === family);
    lines.push(`  ${TITLES[family] ?? family} (${own.length})`);
    const body = own.map((a) => [...row(a), a.setBy ?? ""]);
    lines.push(...table([[...header, "set by"], ...body], { indent: 4 }));
  }
  return lines;
}

function rank(family: string): number {
  const i = FAMILY_ORDER.indexOf(family);
  return i < 0 ? FAMILY_ORDER.length : i;
}

/** `logs: /servio/prod/orders, 90 days (Pulumi.prod.yaml), 2 filters, 4 saved queries`. */
export function serviceFootnotes(plan: Plan, service: string): string[] {
  const monitoring = plan.resources.find(
    (r) => r.type === "servio:monitoring:ServiceMonitoring" && r.inputs.service === service,
  );
  if (!monitoring) return [];
  const lines: string[] = [];
  const logs = plan.resources.find(
    (r) => r.type === "servio:monitoring:ServiceLogs" && r.parent === monitoring.urn,
  );
  if (logs) {
    const children = plan.resources.filter((r) => r.parent === logs.urn);
    const count = (type: string) => children.filter((r) => r.type === `aws:cloudwatch/${type}`).length;
    const group = children.find((r) => r.type === "aws:cloudwatch/logGroup:LogGroup");
    const days = Number(logs.inputs.retentionDays);
    const retention = days === 0 ? "kept forever" : `${days} days`;
    const flags = [group?.protect && "protected", group?.retainOnDelete && "retained on delete"];
    const kept = flags.filter(Boolean).map((f) => `, ${String(f)}`).join("");
    lines.push(
      `  log group ${String(group?.inputs.name)}: ${retention} (${String(logs.inputs.retentionSource)})` +
        `${kept}; ${count("logMetricFilter:LogMetricFilter")} metric filter(s), ` +
        `${count("queryDefinition:QueryDefinition")} saved queries`,
    );
  }
  const disabled = (monitoring.inputs.disabled ?? []) as string[];
  if (disabled.length) lines.push(`  disabled: ${disabled.join(", ")}`);
  return lines;
}
