/**
 * What Grafana refuses, or draws empty, in the declared dashboards: each Dashboard's
 * `configJson` against Grafana's dashboard schema, the grid, every panel's title, unit and data
 * source, and every query's metric against the metrics the plan declares or publishes.
 */
import { formatPath } from "../model/source";
import { type MetricCatalog, mergeCatalog } from "../dashboards/metrics";
import { UID_MAX } from "../dashboards/library";
import { validateDashboard } from "../dashboards/validate";
import { ofType, type Plan, type PlanResource } from "../plan/plan";
import type { ResourceCheck } from "./types";

export const DASHBOARD = "grafana:oss/dashboard:Dashboard";
export const DATA_SOURCE = "grafana:oss/dataSource:DataSource";
export const DASHBOARDS_COMPONENT = "servio:monitoring:GrafanaDashboards";
const ALARM = "aws:cloudwatch/metricAlarm:MetricAlarm";

type Inputs = Record<string, unknown>;

/** Metrics of the plan: what its alarms watch, and what the dashboards component records. */
export function planMetrics(plan: Plan): MetricCatalog {
  const pairs: { namespace: string; metricName: string }[] = [];
  for (const alarm of ofType(plan, ALARM)) {
    const i = alarm.inputs as Inputs;
    if (typeof i.namespace === "string" && typeof i.metricName === "string") {
      pairs.push({ namespace: i.namespace, metricName: i.metricName });
    }
    for (const q of (i.metricQueries as Inputs[] | undefined) ?? []) {
      const m = q.metric as Inputs | undefined;
      if (m && typeof m.namespace === "string" && typeof m.metricName === "string") {
        pairs.push({ namespace: m.namespace, metricName: m.metricName });
      }
    }
  }
  let catalog = mergeCatalog({}, pairs);
  for (const c of ofType(plan, DASHBOARDS_COMPONENT)) {
    const recorded = (c.inputs.metrics ?? {}) as MetricCatalog;
    catalog = mergeCatalog(catalog, Object.entries(recorded).flatMap(([namespace, names]) =>
      names.map((metricName) => ({ namespace, metricName }))));
  }
  return catalog;
}

/** The dashboard model of a Dashboard resource; undefined when not readable offline. */
export function dashboardModel(r: PlanResource): Inputs | undefined {
  const json = r.inputs.configJson;
  if (typeof json !== "string") return undefined;
  try {
    const model = JSON.parse(json) as unknown;
    return model && typeof model === "object" && !Array.isArray(model) ? (model as Inputs) : undefined;
  } catch {
    return undefined;
  }
}

/** What every dashboard of a plan is checked against, computed once per plan. */
interface PlanRefs {
  metrics: MetricCatalog;
  dataSources: { type: string; uid: string }[];
  /** uid -> names of the dashboards that have it. */
  uids: Map<string, string[]>;
}

const refsOfPlan = new WeakMap<Plan, PlanRefs>();

function planRefs(plan: Plan): PlanRefs {
  let refs = refsOfPlan.get(plan);
  if (!refs) {
    const uids = new Map<string, string[]>();
    for (const d of ofType(plan, DASHBOARD)) {
      const uid = dashboardModel(d)?.uid;
      if (typeof uid === "string") uids.set(uid, [...(uids.get(uid) ?? []), d.name]);
    }
    const dataSources = ofType(plan, DATA_SOURCE)
      .map((d) => ({ type: String(d.inputs.type), uid: String(d.inputs.uid) }));
    refs = { metrics: planMetrics(plan), dataSources, uids };
    refsOfPlan.set(plan, refs);
  }
  return refs;
}

export const checkDashboard: ResourceCheck = (r, plan, report) => {
  if (r.inputs.configJson === "[secret]") return;
  const model = dashboardModel(r);
  if (!model) {
    const hint = "give the dashboard model as JSON";
    report("configJson", "is not a JSON object: Grafana refuses the dashboard", hint);
    return;
  }
  for (const key of ["id", "version"]) {
    if (key in model) {
      const message = "is set: Grafana owns it, and the plan would show a change on every run";
      report(`configJson.${key}`, message, `remove "${key}"`);
    }
  }
  const refs = planRefs(plan);
  const uid = model.uid;
  if (typeof uid !== "string" || uid.length === 0 || uid.length > UID_MAX) {
    const message = `must be 1 to ${UID_MAX} characters, found ${JSON.stringify(uid)}`;
    report("configJson.uid", message, "derive it from the dashboard's name");
  } else {
    const same = (refs.uids.get(uid) ?? []).filter((name) => name !== r.name);
    if (same.length) report("configJson.uid", `"${uid}" is also the uid of ${same.join(", ")}`);
  }
  for (const issue of validateDashboard(model, refs)) {
    report(`configJson.${formatPath(issue.path)}`, issue.message, issue.hint);
  }
};

/** The Grafana checks by type token, merged into CHECKS. */
export const GRAFANA_CHECKS: Record<string, ResourceCheck[]> = {
  [DASHBOARD]: [checkDashboard],
};
