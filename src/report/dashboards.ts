/** The plan summary's "Dashboards" section: each Grafana dashboard's title, uid and panels. */
import { DASHBOARD, dashboardModel } from "../checks/grafana";
import { ofType, type Plan } from "../plan/plan";
import { table } from "./table";

type Json = Record<string, unknown>;

const FOLDER = "grafana:oss/folder:Folder";

/** Panels that draw something (rows' nested panels included, row headers not). */
export function panelCount(model: Json): number {
  let n = 0;
  for (const p of (model.panels as Json[] | undefined) ?? []) {
    if (p.type === "row") n += ((p.panels as Json[] | undefined) ?? []).length;
    else n += 1;
  }
  return n;
}

/** Lines of the section, a blank line after; nothing when the plan has no dashboard. */
export function dashboardLines(plan: Plan): string[] {
  const rows = ofType(plan, DASHBOARD).flatMap((r) => {
    const model = dashboardModel(r);
    return model ? [[String(model.title ?? ""), String(model.uid ?? ""), String(panelCount(model))]] : [];
  });
  if (rows.length === 0) return [];
  rows.sort((a, b) => a[1].localeCompare(b[1]));
  const folders = ofType(plan, FOLDER).map((f) => `"${String(f.inputs.title)}"`);
  return [
    `Dashboards: ${rows.length}${folders.length ? ` in Grafana folder ${folders.join(", ")}` : ""}`,
    ...table([["dashboard", "uid", "panels"], ...rows], { indent: 2, alignRight: [2] }),
    "",
  ];
}
