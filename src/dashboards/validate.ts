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
import { gridIssues, panelIssues } from "./panel-checks";
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
    if ((p as Json).type !== "row") issues.push(...panelIssues(p as Json, at, refs));
    nested.forEach((n, j) => issues.push(...panelIssues(n, [...at, "panels", j], refs)));
  });
  return issues;
}

function isObject(v: unknown): v is Json {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** Ajv's errors as issues: unknown keys with a did-you-mean, missing keys, wrong values. */
function schemaIssues(errors: ErrorObject[] | null | undefined, base: (string | number)[]): DashboardIssue[] {
  const seen = new Set<string>();
  const issues: DashboardIssue[] = [];
  for (const e of errors ?? []) {
    const steps = e.instancePath.split("/").slice(1).map((k) => (/^\d+$/.test(k) ? Number(k) : k));
    const at = [...base, ...steps];
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
