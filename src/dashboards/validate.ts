/**
 * What makes a dashboard deployable and readable, checked on its JSON: Grafana's dashboard JSON
 * schema (vendored in `schema/`), panels that fit the 24-column grid without overlapping, a
 * title, unit and data source on every panel, and queries that name metrics the stack has.
 * The same checks run on generated dashboards (plan checks) and hand-written ones (input).
 */
import Ajv, { type ErrorObject, type ValidateFunction } from "ajv";

import { describeFound } from "../model/source";
import { suggestion } from "../model/problems";
import type { MetricCatalog } from "./metrics";
import dashboardSchema from "./schema/dashboard.jsonschema.json";

/** A finding on a dashboard, its path from the dashboard's root. */
export interface DashboardIssue {
  path: (string | number)[];
  message: string;
  hint?: string;
}

/** What a dashboard may refer to. */
export interface DashboardRefs {
  metrics: MetricCatalog;
  /** The environment's data sources. */
  dataSources: { type: string; uid: string }[];
}

type Json = Record<string, unknown>;

let compiled: { dashboard: ValidateFunction; panel: ValidateFunction; row: ValidateFunction } | undefined;

/** The schema's validators, compiled once: the dashboard without panels, a panel, a row. */
function validators() {
  if (!compiled) {
    const ajv = new Ajv({ strict: false, allErrors: true, verbose: true, validateFormats: false });
    ajv.addSchema(dashboardSchema, "dashboard");
    const get = (ref: string) => ajv.getSchema(ref) ?? fail(ref);
    compiled = {
      dashboard: get("dashboard"),
      panel: get("dashboard#/definitions/Panel"),
      row: get("dashboard#/definitions/RowPanel"),
    };
  }
  return compiled;
}

function fail(ref: string): never {
  throw new Error(`the vendored dashboard schema has no ${ref}`);
}

/** Every issue of a dashboard, in a stable order. */
export function validateDashboard(model: Json, refs: DashboardRefs): DashboardIssue[] {
  const issues: DashboardIssue[] = [];
  const v = validators();
  const panels = Array.isArray(model.panels) ? (model.panels as unknown[]) : [];
  // Panels are checked one by one against their own definition: against the schema's
  // `oneOf` (panel or row), a single typo would be reported twice, once per branch.
  v.dashboard({ ...model, panels: [] });
  issues.push(...schemaIssues(v.dashboard.errors, []));
  panels.forEach((p, i) => {
    const row = isObject(p) && p.type === "row";
    const check = row ? v.row : v.panel;
    check(p);
    issues.push(...schemaIssues(check.errors, ["panels", i]));
    if (row && Array.isArray(p.panels)) {
      (p.panels as unknown[]).forEach((n, j) => {
        v.panel(n);
        issues.push(...schemaIssues(v.panel.errors, ["panels", i, "panels", j]));
      });
    }
  });
  if (issues.length > 0) return issues;

  issues.push(...gridIssues(panels as Json[]));
  panels.forEach((p, i) => {
    const at = ["panels", i];
    const nested = ((p as Json).panels as Json[] | undefined) ?? [];
    if ((p as Json).type === "row") nested.forEach((n, j) => issues.push(...panelIssues(n, [...at, "panels", j], refs)));
    else issues.push(...panelIssues(p as Json, at, refs));
  });
  return issues;
}

function isObject(v: unknown): v is Json {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function schemaIssues(errors: ErrorObject[] | null | undefined, base: (string | number)[]): DashboardIssue[] {
  const seen = new Set<string>();
  const issues: DashboardIssue[] = [];
  for (const e of errors ?? []) {
    const at = [...base, ...e.instancePath.split("/").slice(1).map((k) => (/^\d+$/.test(k) ? Number(k) : k))];
    let issue: DashboardIssue;
    if (e.keyword === "additionalProperties") {
      const key = String((e.params as { additionalProperty: string }).additionalProperty);
      const allowed = Object.keys((e.parentSchema as { properties?: object })?.properties ?? {});
      issue = { path: [...at, key], message: `unknown key "${key}"`, hint: suggestion(key, allowed) };
    } else if (e.keyword === "required") {
      const key = String((e.params as { missingProperty: string }).missingProperty);
      issue = { path: [...at, key], message: "is missing, and Grafana's dashboard schema requires it" };
    } else {
      issue = { path: at, message: `${e.message ?? "is not valid"}, found ${describeFound(e.data)}` };
    }
    const key = `${issue.path.join(".")} ${issue.message}`;
    if (!seen.has(key)) issues.push(issue);
    seen.add(key);
  }
  return issues;
}

const titleOf = (p: Json) => (typeof p.title === "string" && p.title ? `"${p.title}"` : "(untitled)");

/** Grid positions: inside the 24 columns, and no two top-level panels on the same cell. */
function gridIssues(panels: Json[]): DashboardIssue[] {
  const issues: DashboardIssue[] = [];
  const boxes: { i: number; x: number; y: number; w: number; h: number }[] = [];
  panels.forEach((p, i) => {
    const g = p.gridPos as { x: number; y: number; w: number; h: number } | undefined;
    if (!g) {
      issues.push({ path: ["panels", i, "gridPos"], message: `panel ${titleOf(p)} has no grid position`, hint: "set gridPos: { x, y, w, h } on the 24-column grid" });
      return;
    }
    if (g.x + g.w > 24) {
      issues.push({
        path: ["panels", i, "gridPos"],
        message: `panel ${titleOf(p)} ends at column ${g.x + g.w}, past the 24-column grid`,
        hint: `make it at most ${24 - g.x} wide, or move it left`,
      });
    }
    for (const b of boxes) {
      if (g.x < b.x + b.w && b.x < g.x + g.w && g.y < b.y + b.h && b.y < g.y + g.h) {
        issues.push({
          path: ["panels", i, "gridPos"],
          message: `panel ${titleOf(p)} overlaps panel ${titleOf(panels[b.i])} (panels[${b.i}])`,
          hint: `move it to y ${b.y + b.h} or beside it; Grafana would push one of them out of place`,
        });
      }
    }
    boxes.push({ i, ...g });
  });
  return issues;
}

/** Title, unit, data source and metrics of one panel that draws data. */
function panelIssues(p: Json, at: (string | number)[], refs: DashboardRefs): DashboardIssue[] {
  if (p.type === "text") return [];
  const issues: DashboardIssue[] = [];
  const name = titleOf(p);
  if (typeof p.title !== "string" || p.title.trim() === "") {
    issues.push({ path: [...at, "title"], message: "the panel has no title", hint: "say what it shows, e.g. \"orders error rate\"" });
  }
  const unit = ((p.fieldConfig as Json | undefined)?.defaults as Json | undefined)?.unit;
  if (typeof unit !== "string" || unit === "") {
    issues.push({ path: [...at, "fieldConfig", "defaults", "unit"], message: `panel ${name} has no unit`, hint: 'set one such as "short", "percent", "ms" or "s"' });
  }
  const known = refs.dataSources.map((d) => d.uid);
  const sourceHint = `data sources of the environment: ${refs.dataSources.map((d) => `{ "type": "${d.type}", "uid": "${d.uid}" }`).join(", ")}`;
  const panelSource = p.datasource as Json | undefined;
  const targets = ((p.targets as Json[] | undefined) ?? []);
  if (!panelSource && (targets.length === 0 || targets.some((t) => !t.datasource))) {
    issues.push({ path: [...at, "datasource"], message: `panel ${name} has no data source`, hint: sourceHint });
  }
  for (const [path, ds] of [[[...at, "datasource"], panelSource], ...targets.map((t, j) => [[...at, "targets", j, "datasource"], t.datasource])] as [(string | number)[], Json | undefined][]) {
    if (ds && typeof ds.uid === "string" && !known.includes(ds.uid)) {
      issues.push({ path: [...path, "uid"], message: `panel ${name} names the data source "${ds.uid}", which the environment does not declare`, hint: sourceHint });
    }
  }
  targets.forEach((t, j) => {
    const ds = (t.datasource as Json | undefined) ?? panelSource;
    if (ds?.type !== "cloudwatch" || (t.queryMode !== undefined && t.queryMode !== "Metrics") || t.expression) return;
    issues.push(...metricIssues(t, [...at, "targets", j], name, refs.metrics));
  });
  return issues;
}

function metricIssues(t: Json, at: (string | number)[], panel: string, catalog: MetricCatalog): DashboardIssue[] {
  const ns = t.namespace;
  const metric = t.metricName;
  if (typeof ns !== "string" || typeof metric !== "string" || !ns || !metric) {
    return [{ path: [...at, "metricName"], message: `panel ${panel}: the query names no metric`, hint: "set namespace and metricName, or an expression" }];
  }
  const names = catalog[ns];
  if (!names) {
    const close = suggestion(ns, Object.keys(catalog));
    const hint = close.startsWith("did you mean") ? close : `namespaces with metrics: ${Object.keys(catalog).join(", ")}`;
    return [{ path: [...at, "namespace"], message: `panel ${panel} queries the namespace "${ns}", in which the stack declares or publishes no metric`, hint }];
  }
  if (names.includes(metric)) return [];
  const close = suggestion(metric, names);
  return [{
    path: [...at, "metricName"],
    message: `panel ${panel} queries the metric "${metric}", which the stack does not declare or publish in ${ns}`,
    hint: close.startsWith("did you mean") ? `${close} known metrics of ${ns}: ${names.join(", ")}` : `known metrics of ${ns}: ${names.join(", ")}`,
  }];
}
