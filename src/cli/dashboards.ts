/** `plan --dashboards <dir>`: one SVG picture of each declared dashboard's layout. */
import * as fs from "node:fs";
import * as path from "node:path";

import { DASHBOARD, dashboardModel } from "../checks/grafana";
import { layoutFileName, renderLayout } from "../dashboards/svg";
import { ofType, type Plan } from "../plan/plan";
import type { Io } from "./io";

/** The pictures of a plan's dashboards: file name -> SVG, in uid order. */
export function dashboardPictures(plan: Plan): Record<string, string> {
  const pictures: Record<string, string> = {};
  for (const r of ofType(plan, DASHBOARD)) {
    const model = dashboardModel(r);
    if (model) pictures[layoutFileName(String(model.uid ?? r.name))] = renderLayout(model);
  }
  return Object.fromEntries(Object.entries(pictures).sort(([a], [b]) => a.localeCompare(b)));
}

/** Writes every picture into `dir` (created if needed), each through a temporary file. */
export function writeDashboardPictures(plan: Plan, dir: string, io: Io): void {
  const target = path.resolve(dir);
  fs.mkdirSync(target, { recursive: true });
  const pictures = dashboardPictures(plan);
  for (const [name, svg] of Object.entries(pictures)) {
    const file = path.join(target, name);
    fs.writeFileSync(`${file}.tmp-${process.pid}`, svg);
    fs.renameSync(`${file}.tmp-${process.pid}`, file);
  }
  io.stderr.write(`wrote ${Object.keys(pictures).length} dashboard layouts to ${dir}\n`);
}
