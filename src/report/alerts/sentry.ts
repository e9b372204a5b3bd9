/**
 * Sentry alert rules of the plan as alerts: one per issue alert, one per metric alert trigger
 * (its warning and critical triggers have their own severity and routes). Severity and routes
 * are read from the rule's `SentryServiceProject` parent, whose inputs record them.
 */
import { ofType, type Plan, type PlanResource, resourceByUrn } from "../../plan/plan";
import { SENTRY_IDS } from "../../model/sentry-rules";
import { type Alert, formatSeconds } from "./types";

/** Type tokens the extractor reads. */
export const ISSUE_ALERT = "sentry:index/sentryIssueAlert:SentryIssueAlert";
export const METRIC_ALERT = "sentry:index/sentryMetricAlert:SentryMetricAlert";
export const SERVICE_PROJECT = "servio:monitoring:SentryServiceProject";

interface Route {
  severity?: string;
  routes?: string[];
}
interface RuleMeta extends Route {
  kind?: string;
  triggers?: Record<string, Route>;
}
type Inputs = Record<string, unknown>;

/** Every Sentry rule of the plan as alerts, unrouted issue alerts included. */
export function sentryAlerts(plan: Plan): Alert[] {
  return [
    ...ofType(plan, ISSUE_ALERT).map((r) => issueAlert(plan, r)),
    ...ofType(plan, METRIC_ALERT).flatMap((r) => metricAlerts(plan, r)),
    ...ofType(plan, SERVICE_PROJECT).flatMap((p) => undeclared(plan, p)),
  ];
}

/**
 * Issue alerts whose severity reaches no channel: Sentry refuses a rule without an action, so
 * none is declared. They are listed all the same, as nobody's, like an unrouted alarm.
 */
function undeclared(plan: Plan, project: PlanResource): Alert[] {
  const rules = (project.inputs.rules ?? {}) as Record<string, RuleMeta>;
  const declared = new Set(
    plan.resources.filter((r) => r.parent === project.urn && r.custom).map((r) => String(r.inputs.name)),
  );
  const p = project.inputs as Inputs;
  return Object.entries(rules)
    .filter(([name, meta]) => !meta.triggers && !declared.has(name))
    .map(([name, meta]) => ({
      urn: `${project.urn}#${name}`,
      source: "sentry" as const,
      name,
      family: "errors",
      service: String(p.service ?? ""),
      environment: String(p.environment ?? plan.stack),
      kind: `sentry:${meta.kind ?? "issueAlert"}`,
      severity: meta.severity ?? "",
      watches: `Sentry ${meta.kind ?? "issue alert"}`,
      condition: "(not declared: its severity reaches no channel)",
      window: "-",
      routes: [],
      ...(typeof p.runbook === "string" ? { runbook: p.runbook } : {}),
      ...(typeof p.team === "string" ? { team: p.team } : {}),
      ...(typeof p.setBy === "string" ? { setBy: p.setBy } : {}),
    }));
}

function issueAlert(plan: Plan, r: PlanResource): Alert {
  const i = r.inputs as Inputs;
  const { base, meta } = common(plan, r);
  const conditions = (i.conditions ?? []) as Inputs[];
  return {
    ...base,
    kind: `sentry:${meta.kind ?? "issueAlert"}`,
    severity: meta.severity ?? "",
    watches: `Sentry issue${levelOf(i)}`,
    condition:
      conditions.map(describeCondition).join(` ${String(i.actionMatch ?? "any")} `) || "(no condition)",
    window: `acts every ${formatSeconds(Number(i.frequency ?? 30) * 60)} at most`,
    routes: [...(meta.routes ?? [])].sort(),
  };
}

function metricAlerts(plan: Plan, r: PlanResource): Alert[] {
  const i = r.inputs as Inputs;
  const { base, meta } = common(plan, r);
  const aggregate = String(i.aggregate ?? "");
  const op = Number(i.thresholdType ?? 0) === 1 ? "<" : ">";
  return ((i.triggers ?? []) as Inputs[]).map((t) => {
    const label = String(t.label);
    const route = meta.triggers?.[label] ?? {};
    return {
      ...base,
      urn: `${r.urn}#${label}`,
      // One rule, two triggers: each trigger is an alert of its own, named after it.
      name: `${base.name}/${label}`,
      kind: `sentry:${meta.kind ?? "metricAlert"}:${label}`,
      severity: route.severity ?? "",
      watches: `Sentry ${aggregate} of ${String(i.dataset ?? "events")}`,
      condition: `${op} ${formatThreshold(aggregate, Number(t.alertThreshold))} (${label} trigger)`,
      window: formatSeconds(Number(i.timeWindow ?? 1) * 60),
      routes: [...(route.routes ?? [])].sort(),
    };
  });
}

type AlertBase = Omit<Alert, "kind" | "severity" | "watches" | "condition" | "window" | "routes">;

function common(plan: Plan, r: PlanResource): { base: AlertBase; meta: RuleMeta } {
  const i = r.inputs as Inputs;
  const parent = resourceByUrn(plan, r.parent);
  const p = (parent?.inputs ?? {}) as Inputs;
  const name = String(i.name ?? r.name);
  const rules = (p.rules ?? {}) as Record<string, RuleMeta>;
  return {
    base: {
      urn: r.urn,
      source: "sentry",
      name,
      family: "errors",
      service: typeof p.service === "string" ? p.service : String(i.project ?? ""),
      environment: typeof p.environment === "string" ? p.environment : plan.stack,
      ...(typeof p.runbook === "string" ? { runbook: p.runbook } : {}),
      ...(typeof p.team === "string" ? { team: p.team } : {}),
      ...(typeof p.setBy === "string" ? { setBy: p.setBy } : {}),
    },
    meta: rules[name] ?? {},
  };
}

/** ` (level >= error)` from a level filter. */
function levelOf(i: Inputs): string {
  const filter = ((i.filters ?? []) as Inputs[]).find((f) => f.id === SENTRY_IDS.levelFilter);
  if (!filter) return "";
  const names: Record<string, string> = {
    "10": "debug", "20": "info", "30": "warning", "40": "error", "50": "fatal",
  };
  const op: Record<string, string> = { gte: ">=", lte: "<=", eq: "=" };
  const match = String(filter.match);
  const level = String(filter.level);
  return ` (level ${op[match] ?? match} ${names[level] ?? level})`;
}

function describeCondition(c: Inputs): string {
  switch (c.id) {
    case SENTRY_IDS.firstSeen:
      return "is new";
    case SENTRY_IDS.regression:
      return "regresses";
    case SENTRY_IDS.eventFrequency:
      return `> ${String(c.value)}${c.comparisonType === "percent" ? " % more" : ""} events` +
        ` in ${formatInterval(String(c.interval))}`;
    default:
      return String(c.id).split(".").pop() ?? String(c.id);
  }
}

/** Sentry's `5m`, `1h`, `1d`, `1w` as `5 min`, `1 h`, `1 d`, `1 w`. */
function formatInterval(interval: string): string {
  const m = /^(\d+)([mhdw])$/.exec(interval);
  if (!m) return interval;
  return `${m[1]} ${{ m: "min", h: "h", d: "d", w: "w" }[m[2] as "m" | "h" | "d" | "w"]}`;
}

/** `failure_rate()` is a fraction: shown as a percentage; durations in ms. */
function formatThreshold(aggregate: string, value: number): string {
  if (aggregate.startsWith("failure_rate(")) return `${Number((value * 100).toPrecision(12))} %`;
  if (aggregate.includes("duration")) return `${value} ms`;
  return String(value);
}
