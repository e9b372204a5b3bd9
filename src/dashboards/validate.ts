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
import cloudwatchSchema from "./schema/cloudwatch.jsonschema.json";
import dashboardSchema from "./schema/dashboard.jsonschema.json";
import statSchema from "./schema/stat.jsonschema.json";
import timeseriesSchema from "./schema/timeseries.jsonschema.json";

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

interface Validators {
  dashboard: ValidateFunction;
  panel: ValidateFunction;
  row: ValidateFunction;
  /** A panel plugin's `options`, by panel type. */
  options: Record<string, ValidateFunction>;
  /** A CloudWatch metrics query. */
  cloudwatch: ValidateFunction;
}

let compiled: Validators | undefined;

/** The schemas' validators, compiled once. */
function validators(): Validators {
  if (!compiled) {
    const ajv = new Ajv({ strict: false, allErrors: true, verbose: true, validateFormats: false });
    ajv.addSchema(dashboardSchema, "dashboard");
    ajv.addSchema(timeseriesSchema, "timeseries");
    ajv.addSchema(statSchema, "stat");
    ajv.addSchema(cloudwatchSchema, "cloudwatch");
    const get = (ref: string) => ajv.getSchema(ref) ?? fail(ref);
    compiled = {
      dashboard: get("dashboard"),
      panel: get("dashboard#/definitions/Panel"),
      row: get("dashboard#/definitions/RowPanel"),
      options: {
        timeseries: get("timeseries#/definitions/Options"),
        stat: get("stat#/definitions/Options"),
      },
      cloudwatch: get("cloudwatch#/definitions/MetricsQuery"),
    };
  }
  return compiled;
}

/**
 * What the panel plugins' own schemas say of a panel's `options` and CloudWatch queries: unknown
 * keys and wrong values. Their `required` lists are the SDK's, stricter than Grafana, which
 * fills in defaults: a hand-written panel need not repeat them.
 */
function pluginIssues(v: Validators, p: Json, at: (string | number)[]): DashboardIssue[] {
  const issues: DashboardIssue[] = [];
  const check = (fn: ValidateFunction | undefined, value: unknown, path: (string | number)[]) => {
    if (!fn || value === undefined || fn(value)) return;
    issues.push(...schemaIssues(fn.errors?.filter((e) => e.keyword !== "required"), path));
  };
  check(v.options[String(p.type)], p.options, [...at, "options"]);
  const panelSource = p.datasource as Json | undefined;
  ((p.targets as Json[] | undefined) ?? []).forEach((t, j) => {
    const type = ((t.datasource as Json | undefined) ?? panelSource)?.type;
    const metrics = t.queryMode === undefined || t.queryMode === "Metrics";
    if (type === "cloudwatch" && metrics) check(v.cloudwatch, t, [...at, "targets", j]);
  });
  return issues;
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
    if (check(p) && !row) issues.push(...pluginIssues(v, p as Json, ["panels", i]));
    issues.push(...schemaIssues(check.errors, ["panels", i]));
    if (row && Array.isArray(p.panels)) {
      (p.panels as unknown[]).forEach((n, j) => {
        if (v.panel(n)) issues.push(...pluginIssues(v, n as Json, ["panels", i, "panels", j]));
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
    } else if (e.keyword === "enum") {
      const allowed = ((e.params as { allowedValues?: unknown[] }).allowedValues ?? []).map(String);
      const hint = typeof e.data === "string" ? suggestion(e.data, allowed) : `allowed: ${allowed.join(", ")}`;
      issue = { path: at, message: `${describeFound(e.data)} is not allowed`, hint };
    } else {
      issue = { path: at, message: `${e.message ?? "is not valid"}, found ${describeFound(e.data)}` };
    }
    const key = `${issue.path.join(".")} ${issue.message}`;
    if (!seen.has(key)) issues.push(issue);
    seen.add(key);
  }
  return issues;
}
