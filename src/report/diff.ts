/**
 * The review diff: what a change does to the alerts, comparing the plan of the base branch
 * with the plan of the working tree. Pure: two Plans in, one StackDiff out. Identity across
 * the two plans is the resource URN; an alert removed and one added of the same service and
 * kind are a rename, and a service whose alerts all moved to a new service name is one too.
 */
import type { Plan, PlanResource } from "../plan/plan";
import { type Alert, alertsOf } from "./alerts";
import { isStateful, pagesThrough, pagingChannels, STATEFUL_TYPES } from "./facts";

/** One field of an alert, before and after, in the words of the summary. */
export interface FieldChange {
  field: AlertField;
  before: string;
  after: string;
}

/** An alert present on both sides (same URN, or paired as a rename) whose fields differ. */
export interface AlertChange {
  before: Alert;
  after: Alert;
  /** True when the URN changed: the resource is renamed (recreated unless aliased). */
  renamed: boolean;
  fields: FieldChange[];
}

export type DangerKind =
  | "alert-removed"
  | "paging-turned-off"
  | "stateful-deleted"
  | "stateful-replaced";

/** A change a reviewer must not miss; listed first. */
export interface Danger {
  kind: DangerKind;
  urn: string;
  /** One line a person reads: what goes away and what that costs. */
  message: string;
}

/** Non-alert resources of one type that the change creates, deletes or updates. */
export interface ResourceCount {
  type: string;
  created: number;
  deleted: number;
  updated: number;
}

export interface StackDiff {
  stack: string;
  /** `added`/`removed` when the stack exists on one side only. */
  presence: "both" | "added" | "removed";
  dangerous: Danger[];
  added: Alert[];
  removed: Alert[];
  changed: AlertChange[];
  resources: ResourceCount[];
}

/** The fields compared, in the order they are shown. */
export const ALERT_FIELDS = [
  "name", "service", "watches", "threshold", "window", "severity", "routes", "runbook", "owner",
] as const;
export type AlertField = (typeof ALERT_FIELDS)[number];

/** Each field as a person reads it; missing values spelled out, never blank. */
export function fieldOf(a: Alert, field: AlertField): string {
  switch (field) {
    case "name": return a.name;
    case "service": return a.service || "(none)";
    case "watches": return a.watches;
    case "threshold": return a.condition;
    case "window": return a.window;
    case "severity": return a.severity || "(none)";
    case "routes": return a.routes.length ? a.routes.join(", ") : "(nobody)";
    case "runbook": return a.runbook || "(none)";
    case "owner": return a.team || "(none)";
  }
}

/**
 * Input fields whose change makes the provider replace a stateful resource (delete, then
 * create), losing its state. Default: none for a type not listed, because the providers
 * update these types in place for every other input.
 */
export const REPLACED_ON: Record<string, string[]> = {
  "aws:cloudwatch/logGroup:LogGroup": ["name", "namePrefix"],
  "sentry:index/sentryProject:SentryProject": ["organization"],
};

/** Compares one stack's plans; either side may be missing (a stack added or removed). */
export function diffPlans(
  stack: string,
  base: Plan | undefined,
  head: Plan | undefined,
): StackDiff {
  const before = base ? alertsOf(base) : [];
  const after = head ? alertsOf(head) : [];
  const headUrns = new Set(after.map((a) => a.urn));
  const baseUrns = new Set(before.map((a) => a.urn));

  const changed: AlertChange[] = [];
  for (const b of before) {
    const a = after.find((x) => x.urn === b.urn);
    if (a) changed.push(change(b, a, false));
  }
  const gone = before.filter((b) => !headUrns.has(b.urn));
  const fresh = after.filter((a) => !baseUrns.has(a.urn));
  for (const [b, a] of pairRenames(gone, fresh)) changed.push(change(b, a, true));
  const paired = new Set(changed.flatMap((c) => [c.before.urn, c.after.urn]));
  const removed = gone.filter((b) => !paired.has(b.urn));
  const added = fresh.filter((a) => !paired.has(a.urn));

  const dangerous = [
    ...removed.map((r): Danger => ({
      kind: "alert-removed",
      urn: r.urn,
      message: `alert removed: ${describe(r)}`,
    })),
    ...pagingTurnedOff(changed, base, head),
    ...statefulLosses(base, head),
  ];
  const alertUrns = new Set([...baseUrns, ...headUrns]);
  return {
    stack,
    presence: base && head ? "both" : base ? "removed" : "added",
    dangerous,
    added,
    removed,
    changed: changed
      .filter((c) => c.fields.length > 0 || c.renamed)
      .sort((x, y) => byAlert(x.after, y.after)),
    resources: countResources(base, head, alertUrns),
  };
}

function change(before: Alert, after: Alert, renamed: boolean): AlertChange {
  const fields = ALERT_FIELDS
    .map((field) => ({ field, before: fieldOf(before, field), after: fieldOf(after, field) }))
    .filter((f) => f.before !== f.after);
  return { before, after, renamed, fields };
}

/**
 * Pairs removed and added alerts that are the same alert under a new name: first the same
 * source, service and kind; then, for a service gone from the base whose kinds a new service
 * has exactly, the same source and kind (a renamed service).
 */
export function pairRenames(gone: Alert[], fresh: Alert[]): [Alert, Alert][] {
  const pairs = pairBy(gone, fresh, (a) => `${a.source}|${a.service}|${a.kind}`);
  const used = new Set(pairs.flatMap(([b, a]) => [b.urn, a.urn]));
  const left = gone.filter((b) => !used.has(b.urn));
  const right = fresh.filter((a) => !used.has(a.urn));
  const key = (a: Alert) => `${a.source}|${a.kind}`;
  const kindsOf = (alerts: Alert[], service: string) =>
    alerts.filter((a) => a.service === service).map(key).sort().join(",");
  const servicesOnlyIn = (alerts: Alert[], other: Alert[]) =>
    [...new Set(alerts.map((a) => a.service))].filter((s) => !other.some((a) => a.service === s));
  const oldServices = servicesOnlyIn(left, fresh);
  const newServices = servicesOnlyIn(right, gone);
  for (const from of oldServices) {
    const to = newServices.find((s) => kindsOf(right, s) === kindsOf(left, from));
    if (to === undefined) continue;
    newServices.splice(newServices.indexOf(to), 1);
    const of = (alerts: Alert[], service: string) => alerts.filter((a) => a.service === service);
    pairs.push(...pairBy(of(left, from), of(right, to), key));
  }
  return pairs;
}

/** Pairs items of equal key in name order. */
function pairBy(left: Alert[], right: Alert[], key: (a: Alert) => string): [Alert, Alert][] {
  const pairs: [Alert, Alert][] = [];
  const taken = new Set<string>();
  for (const b of [...left].sort(byAlert)) {
    const a = [...right].sort(byAlert).find((x) => !taken.has(x.urn) && key(x) === key(b));
    if (!a) continue;
    taken.add(a.urn);
    pairs.push([b, a]);
  }
  return pairs;
}

function pagingTurnedOff(changed: AlertChange[], base?: Plan, head?: Plan): Danger[] {
  if (!base || !head) return [];
  const pagingBefore = pagingChannels(base);
  const pagingAfter = pagingChannels(head);
  return changed.flatMap((c): Danger[] => {
    const was = pagesThrough(c.before, pagingBefore);
    if (was.length === 0 || pagesThrough(c.after, pagingAfter).length > 0) return [];
    const routes = c.after.routes;
    const now = routes.length ? `now reaches only ${routes.join(", ")}` : "now reaches nobody";
    const message = `paging turned off: ${c.after.name} paged through ${was.join(", ")}, ${now}`;
    return [{ kind: "paging-turned-off", urn: c.after.urn, message }];
  });
}

function statefulLosses(base?: Plan, head?: Plan): Danger[] {
  if (!base) return [];
  const after = new Map((head?.resources ?? []).map((r) => [r.urn, r]));
  return base.resources.filter((r) => isStateful(r) || r.protect).flatMap((r): Danger[] => {
    const what = `${r.type} "${r.name}"${r.protect ? " (protected)" : ""}`;
    const loses = STATEFUL_TYPES[r.type] ? `; loses ${STATEFUL_TYPES[r.type]}` : "";
    const now = after.get(r.urn);
    if (!now) return [{ kind: "stateful-deleted", urn: r.urn, message: `deleted: ${what}${loses}` }];
    const fields = (REPLACED_ON[r.type] ?? [])
      .filter((f) => JSON.stringify(r.inputs[f]) !== JSON.stringify(now.inputs[f]));
    if (now.provider !== r.provider) fields.push("provider");
    if (fields.length === 0) return [];
    const message = `replaced (${fields.join(", ")} changed): ${what}${loses}`;
    return [{ kind: "stateful-replaced", urn: r.urn, message }];
  });
}

function countResources(base?: Plan, head?: Plan, skip = new Set<string>()): ResourceCount[] {
  const index = (p?: Plan) =>
    new Map((p?.resources ?? []).filter((r) => r.custom && !skip.has(r.urn)).map((r) => [r.urn, r]));
  const state = (r: PlanResource) => JSON.stringify([r.inputs, r.protect, r.provider]);
  const before = index(base);
  const after = index(head);
  const counts = new Map<string, ResourceCount>();
  const bump = (r: PlanResource, field: "created" | "deleted" | "updated") => {
    const c = counts.get(r.type) ?? { type: r.type, created: 0, deleted: 0, updated: 0 };
    c[field]++;
    counts.set(r.type, c);
  };
  for (const [urn, r] of before) {
    const now = after.get(urn);
    if (!now) bump(r, "deleted");
    else if (state(r) !== state(now)) bump(r, "updated");
  }
  for (const [urn, r] of after) if (!before.has(urn)) bump(r, "created");
  return [...counts.values()].sort((a, b) => a.type.localeCompare(b.type));
}

/** `servio/prod/orders/uptime` (orders, critical, routes page, email). */
export function describe(a: Alert): string {
  const routes = a.routes.length ? `routes ${a.routes.join(", ")}` : "routes nobody";
  return `${a.name} (${a.service || "no service"}, ${a.severity || "no severity"}, ${routes})`;
}

function byAlert(a: Alert, b: Alert): number {
  return a.service.localeCompare(b.service) || a.name.localeCompare(b.name) ||
    a.urn.localeCompare(b.urn);
}

/** True when the stack's diff has nothing about alerts to say. */
export function hasAlertChanges(d: StackDiff): boolean {
  return d.dangerous.length + d.added.length + d.removed.length + d.changed.length > 0;
}
