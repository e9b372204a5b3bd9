/**
 * Datadog monitors of the plan as alerts: one per threshold level (`<name>/critical`,
 * `<name>/warning`) where a monitor has both, else one. Routes are read from the message
 * itself: the handles in the level's `{{#is_alert}}` or `{{#is_warning}}` block (and any
 * outside a block), mapped to channels by the handle table `DatadogMonitoring` records.
 * Severities come from the monitor's `DatadogServiceApm` parent.
 */
import { ofType, type Plan, type PlanResource } from "../../plan/plan";
import { type Alert, formatSeconds } from "./types";

/** Type tokens the extractor reads. */
export const MONITOR = "datadog:index/monitor:Monitor";
export const SERVICE_APM = "servio:monitoring:DatadogServiceApm";

type Inputs = Record<string, unknown>;
type Level = "critical" | "warning";
const BLOCK: Record<Level, string> = { critical: "is_alert", warning: "is_warning" };

interface MonitorMeta {
  kind?: string;
  setBy?: string;
  severities?: Partial<Record<Level, string>>;
}

/** Every Datadog monitor of the plan as alerts. */
export function datadogAlerts(plan: Plan): Alert[] {
  const byUrn = new Map(plan.resources.map((r) => [r.urn, r]));
  return ofType(plan, MONITOR).flatMap((r) => monitorAlerts(plan, r, byUrn));
}

function monitorAlerts(plan: Plan, r: PlanResource, byUrn: Map<string, PlanResource>): Alert[] {
  const i = r.inputs as Inputs;
  const parent = r.parent ? byUrn.get(r.parent) : undefined;
  const p = (parent?.type === SERVICE_APM ? parent.inputs : {}) as Inputs;
  const root = parent?.parent ? byUrn.get(parent.parent) : undefined;
  const handles = ((root?.inputs.handles ?? {}) as Record<string, string[]>);
  const name = String(i.name ?? r.name);
  const meta = ((p.monitors ?? {}) as Record<string, MonitorMeta>)[name] ?? {};
  const thresholds = (i.monitorThresholds ?? {}) as Record<string, string>;
  const levels: Level[] = thresholds.warning !== undefined ? ["critical", "warning"] : ["critical"];
  const query = String(i.query ?? "");
  const message = String(i.message ?? "");

  return levels.map((level) => ({
    urn: levels.length > 1 ? `${r.urn}#${level}` : r.urn,
    source: "datadog" as const,
    // One monitor, two levels: each level is an alert of its own, named after it.
    name: levels.length > 1 ? `${name}/${level}` : name,
    service: typeof p.service === "string" ? p.service : tagOf(i, "service"),
    environment: typeof p.environment === "string" ? p.environment : plan.stack,
    kind: `datadog:${meta.kind ?? "monitor"}${levels.length > 1 ? `:${level}` : ""}`,
    severity: meta.severities?.[level] ?? "",
    watches: watchesOf(query),
    condition: conditionOf(query, thresholds[level], level),
    window: windowOf(query),
    routes: routesOf(message, level, handles),
    family: "apm",
    ...(meta.setBy ? { setBy: meta.setBy } : {}),
    ...(typeof p.runbook === "string" ? { runbook: p.runbook } : {}),
    ...(typeof p.team === "string" ? { team: p.team } : { team: tagOf(i, "team") }),
  }));
}

function tagOf(i: Inputs, key: string): string {
  const tag = ((i.tags ?? []) as string[]).find((t) => t.startsWith(`${key}:`));
  return tag ? tag.slice(key.length + 1) : "";
}

/** Channels a level's notification reaches: its block's handles and those outside blocks. */
export function routesOf(message: string, level: Level, handles: Record<string, string[]>): string[] {
  const block = new RegExp(`\\{\\{#${BLOCK[level]}\\}\\}([\\s\\S]*?)\\{\\{/${BLOCK[level]}\\}\\}`, "g");
  const inBlock = [...message.matchAll(block)].map((m) => m[1]).join(" ");
  const outside = message.replace(/\{\{#(\w+)\}\}[\s\S]*?\{\{\/\1\}\}/g, " ");
  const found = handlesIn(`${inBlock} ${outside}`);
  return [...new Set(found.flatMap((h) => handles[h] ?? []))].sort();
}

/** Every `@handle` of a text: `@pagerduty-x`, `@slack-a-b`, `@webhook-x`, `@user@example.com`. */
export function handlesIn(text: string): string[] {
  return [...text.matchAll(/(?:^|\s)(@[A-Za-z0-9_.+-]+(?:@[A-Za-z0-9.-]+)?)/g)].map((m) => m[1]);
}

/** `APM p99 latency of trace.http.request`, `APM error rate (errors / hits) of …`. */
function watchesOf(query: string): string {
  const metric = /trace\.[a-z0-9_.]+?(?=\.hits|\.errors|\{)/.exec(query)?.[0] ?? "trace metrics";
  if (query.startsWith("percentile(")) return `APM ${/:(p\d+):/.exec(query)?.[1] ?? ""} latency of ${metric}`;
  if (query.includes("anomalies(")) return `APM throughput (hits) of ${metric}`;
  if (query.includes(".errors")) return `APM error rate (errors / hits) of ${metric}`;
  return `Datadog ${query.split(":")[0]}`;
}

/** `> 1500 ms (critical)`, `> 2 % (warning)`, `below the agile band (3 σ) for the whole window`. */
function conditionOf(query: string, threshold: string | undefined, level: Level): string {
  const anomaly = /anomalies\(.*?'(\w+)',\s*([\d.]+),\s*direction='(\w+)'/.exec(query);
  if (anomaly) {
    const [, algorithm, deviations, direction] = anomaly;
    const where = direction === "both" ? "outside" : direction;
    return `${where} the ${algorithm} band (${deviations} σ) for ${Number(threshold) * 100} % of the window`;
  }
  const op = /(>=|<=|>|<)\s*[-\d.]+\s*$/.exec(query)?.[1] ?? ">";
  if (query.startsWith("percentile(")) {
    return `${op} ${Number((Number(threshold) * 1000).toPrecision(12))} ms (${level})`;
  }
  return `${op} ${threshold ?? "?"}${query.includes("100 * (") ? " %" : ""} (${level})`;
}

/** `5 min`, or the anomaly's alert window. */
function windowOf(query: string): string {
  const alert = /alert_window='last_(\d+)([mhd])'/.exec(query);
  const m = alert ?? /^\w+\(last_(\d+)([mhdw])\)/.exec(query);
  if (!m) return "-";
  const seconds = Number(m[1]) * { m: 60, h: 3600, d: 86_400, w: 604_800 }[m[2] as "m" | "h" | "d" | "w"];
  return formatSeconds(seconds);
}
