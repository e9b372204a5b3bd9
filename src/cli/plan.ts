/** `plan`: run the program offline, check the plan, print the summary, write JSON on request. */
import * as fs from "node:fs";
import * as path from "node:path";

import { planStack } from "../plan/engine";
import { planToJson } from "../plan/plan";
import { renderSummary } from "../report/summary";
import { dashboardPictures } from "./dashboards";
import { type Io, reportFailure } from "./io";
import { checkOutputDirectory, checkOutputFile, writeFilesAtomically } from "./output";
import { passesChecksAndPolicies } from "./verdict";

export interface PlanCommand {
  projectDir: string;
  stack: string;
  json?: string;
  /** Directory to draw each dashboard's layout into, as `<uid>.svg`. */
  dashboards?: string;
}

export async function runPlan(cmd: PlanCommand, io: Io): Promise<number> {
  let plan;
  let jsonTarget: string | undefined;
  let picturesDir: string | undefined;
  try {
    // A path that cannot be written is told before the plan runs, not after its summary.
    if (cmd.json !== undefined) jsonTarget = checkOutputFile(cmd.json, "--json");
    if (cmd.dashboards !== undefined) picturesDir = checkOutputDirectory(cmd.dashboards, "--dashboards");
    io.stderr.write(`planning stack ${cmd.stack} offline...\n`);
    plan = await planStack({ projectDir: cmd.projectDir, stack: cmd.stack, log: (l) => io.stderr.write(`${l}\n`) });
  } catch (err) {
    return reportFailure(err, io);
  }

  if (!passesChecksAndPolicies(plan, cmd.projectDir, io)) return 1;

  // Every file or none: the plan's JSON and the dashboards' pictures are written together.
  const files: Record<string, string> = {};
  if (jsonTarget !== undefined) files[jsonTarget] = planToJson(plan);
  const pictures = picturesDir === undefined ? {} : dashboardPictures(plan);
  for (const [name, svg] of Object.entries(pictures)) files[path.join(picturesDir!, name)] = svg;
  if (Object.keys(files).length > 0) {
    try {
      if (picturesDir !== undefined) fs.mkdirSync(picturesDir, { recursive: true });
      writeFilesAtomically(files);
    } catch (err) {
      return reportFailure(err, io);
    }
  }
  io.stdout.write(renderSummary(plan));
  if (jsonTarget !== undefined) io.stderr.write(`wrote ${cmd.json}\n`);
  if (picturesDir !== undefined) {
    io.stderr.write(`wrote ${Object.keys(pictures).length} dashboard layouts to ${cmd.dashboards}\n`);
  }
  return 0;
}
