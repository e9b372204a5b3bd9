/** `plan`: run the program offline, check the plan, print the summary, write JSON on request. */
import * as fs from "node:fs";
import * as path from "node:path";

import { checkPlan, formatFinding } from "../checks";
import { planStack } from "../plan/engine";
import { planToJson } from "../plan/plan";
import { passesPolicies } from "../policy/run";
import { renderSummary } from "../report/summary";
import { writeDashboardPictures } from "./dashboards";
import { type Io, reportFailure } from "./io";

export interface PlanCommand {
  projectDir: string;
  stack: string;
  json?: string;
  /** Directory to draw each dashboard's layout into, as `<uid>.svg`. */
  dashboards?: string;
}

export async function runPlan(cmd: PlanCommand, io: Io): Promise<number> {
  io.stderr.write(`planning stack ${cmd.stack} offline...\n`);
  let plan;
  try {
    plan = await planStack({ projectDir: cmd.projectDir, stack: cmd.stack, log: (l) => io.stderr.write(`${l}\n`) });
  } catch (err) {
    return reportFailure(err, io);
  }

  const findings = checkPlan(plan);
  for (const f of findings) io.stderr.write(`${formatFinding(f)}\n`);
  const errors = findings.filter((f) => f.level === "error");
  if (errors.length > 0) {
    io.stderr.write(`${errors.length} ${errors.length === 1 ? "check" : "checks"} failed: the APIs would refuse this plan. Nothing was written.\n`);
    return 1;
  }
  if (!passesPolicies(plan, cmd.projectDir, io)) return 1;

  io.stdout.write(renderSummary(plan));
  if (cmd.json) {
    const target = path.resolve(cmd.json);
    const temp = `${target}.tmp-${process.pid}`;
    fs.writeFileSync(temp, planToJson(plan));
    fs.renameSync(temp, target);
    io.stderr.write(`wrote ${cmd.json}\n`);
  }
  if (cmd.dashboards) writeDashboardPictures(plan, cmd.dashboards, io);
  return 0;
}
