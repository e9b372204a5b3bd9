/**
 * The checks of a dashboard's panels beyond its schema: the grid, every panel's title, unit and
 * data source, and the metric of every CloudWatch query.
 */
import { suggestion } from "../model/problems";
import type { MetricCatalog } from "./metrics";
import type { DashboardIssue, DashboardRefs } from "./validate";

type Json = Record<string, unknown>;
type Path = (string | number)[];
interface Grid { x: number; y: number; w: number; h: number }

/** `"orders error rate"`, or `(untitled)`. */
export const titleOf = (p: Json) =>
  (typeof p.title === "string" && p.title ? `"${p.title}"` : "(untitled)");

/** Grid positions: inside the 24 columns, and no two top-level panels on the same cell. */
export function gridIssues(panels: Json[]): DashboardIssue[] {
  const issues: DashboardIssue[] = [];
  const placed: (Grid & { i: number })[] = [];
  panels.forEach((p, i) => {
    const path = ["panels", i, "gridPos"];
    const g = p.gridPos as Grid | undefined;
    if (!g) {
      const hint = "set gridPos: { x, y, w, h } on the 24-column grid";
      issues.push({ path, message: `panel ${titleOf(p)} has no grid position`, hint });
      return;
    }
    if (g.x + g.w > 24) {
      issues.push({
        path,
        message: `panel ${titleOf(p)} ends at column ${g.x + g.w}, past the 24-column grid`,
        hint: `make it at most ${24 - g.x} wide, or move it left`,
      });
    }
    for (const b of placed) {
      if (g.x < b.x + b.w && b.x < g.x + g.w && g.y < b.y + b.h && b.y < g.y + g.h) {
        issues.push({
          path,
          message: `panel ${titleOf(p)} overlaps panel ${titleOf(panels[b.i])} (panels[${b.i}])`,
          hint: `move it to y ${b.y + b.h} or beside it; Grafana would push one of them out of place`,
        });
      }
    }
    placed.push({ i, ...g });
  });
  return issues;
}

/** Title, unit, data source and metrics of one panel that draws data (text panels do not). */
export function panelIssues(p: Json, at: Path, refs: DashboardRefs): DashboardIssue[] {
  if (p.type === "text") return [];
  const issues: DashboardIssue[] = [];
  const name = titleOf(p);
  if (typeof p.title !== "string" || p.title.trim() === "") {
    const hint = 'say what it shows, e.g. "orders error rate"';
    issues.push({ path: [...at, "title"], message: "the panel has no title", hint });
  }
  const unit = ((p.fieldConfig as Json | undefined)?.defaults as Json | undefined)?.unit;
  if (typeof unit !== "string" || unit === "") {
    issues.push({
      path: [...at, "fieldConfig", "defaults", "unit"],
      message: `panel ${name} has no unit`,
      hint: 'set one such as "short", "percent", "ms" or "s"',
    });
  }
  issues.push(...sourceIssues(p, at, name, refs));

  const panelSource = p.datasource as Json | undefined;
  ((p.targets as Json[] | undefined) ?? []).forEach((t, j) => {
    const ds = (t.datasource as Json | undefined) ?? panelSource;
    const metrics = t.queryMode === undefined || t.queryMode === "Metrics";
    if (ds?.type === "cloudwatch" && metrics && !t.expression) {
      issues.push(...metricIssues(t, [...at, "targets", j], name, refs.metrics));
    }
  });
  return issues;
}

/** A data source on the panel or on each of its queries, and only ones the environment has. */
function sourceIssues(p: Json, at: Path, name: string, refs: DashboardRefs): DashboardIssue[] {
  const issues: DashboardIssue[] = [];
  const listed = refs.dataSources.map((d) => `{ "type": "${d.type}", "uid": "${d.uid}" }`);
  const hint = `data sources of the environment: ${listed.join(", ")}`;
  const panelSource = p.datasource as Json | undefined;
  const targets = (p.targets as Json[] | undefined) ?? [];
  if (!panelSource && (targets.length === 0 || targets.some((t) => !t.datasource))) {
    issues.push({ path: [...at, "datasource"], message: `panel ${name} has no data source`, hint });
  }
  const sources: [Path, Json | undefined][] = [
    [[...at, "datasource"], panelSource],
    ...targets.map((t, j): [Path, Json | undefined] => [[...at, "targets", j, "datasource"], t.datasource as Json]),
  ];
  const known = refs.dataSources.map((d) => d.uid);
  for (const [path, ds] of sources) {
    if (ds && typeof ds.uid === "string" && !known.includes(ds.uid)) {
      const message = `panel ${name} names the data source "${ds.uid}", which the environment does not declare`;
      issues.push({ path: [...path, "uid"], message, hint });
    }
  }
  return issues;
}

/** A CloudWatch query's namespace and metric, against what the stack declares or publishes. */
function metricIssues(t: Json, at: Path, panel: string, catalog: MetricCatalog): DashboardIssue[] {
  const ns = t.namespace;
  const metric = t.metricName;
  if (typeof ns !== "string" || typeof metric !== "string" || !ns || !metric) {
    const hint = "set namespace and metricName, or an expression";
    return [{ path: [...at, "metricName"], message: `panel ${panel}: the query names no metric`, hint }];
  }
  const names = catalog[ns];
  if (!names) {
    const close = suggestion(ns, Object.keys(catalog));
    return [{
      path: [...at, "namespace"],
      message: `panel ${panel} queries the namespace "${ns}", in which the stack declares or publishes no metric`,
      hint: close.startsWith("did you mean") ? close : `namespaces with metrics: ${Object.keys(catalog).join(", ")}`,
    }];
  }
  if (names.includes(metric)) return [];
  const close = suggestion(metric, names);
  const known = `known metrics of ${ns}: ${names.join(", ")}`;
  return [{
    path: [...at, "metricName"],
    message: `panel ${panel} queries the metric "${metric}", which the stack does not declare or publish in ${ns}`,
    hint: close.startsWith("did you mean") ? `${close} ${known}` : known,
  }];
}
