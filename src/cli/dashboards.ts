/** `plan --dashboards <dir>`: one SVG picture of each declared dashboard's layout. */
import { DASHBOARD, dashboardModel } from "../checks/grafana";
import { layoutFileName, renderLayout } from "../dashboards/svg";
import { ofType, type Plan } from "../plan/plan";

/** The pictures of a plan's dashboards: file name -> SVG, in uid order. */
export function dashboardPictures(plan: Plan): Record<string, string> {
  const pictures: Record<string, string> = {};
  for (const r of ofType(plan, DASHBOARD)) {
    const model = dashboardModel(r);
    if (model) pictures[layoutFileName(String(model.uid ?? r.name))] = renderLayout(model);
  }
  return Object.fromEntries(Object.entries(pictures).sort(([a], [b]) => a.localeCompare(b)));
}
