/** `plan`: run the program offline, check the plan, print the summary, write JSON on request. */
import { planStack } from "../plan/engine";
import { planToJson } from "../plan/plan";
import { renderSummary } from "../report/summary";
import { type Io, reportFailure } from "./io";
import { checkOutputFile, writeFilesAtomically } from "./output";
import { passesChecksAndPolicies } from "./verdict";

export interface PlanCommand {
  projectDir: string;
  stack: string;
  json?: string;
}

export async function runPlan(cmd: PlanCommand, io: Io): Promise<number> {
  let plan;
  let jsonTarget: string | undefined;
  try {
    // A path that cannot be written is told before the plan runs, not after its summary.
    if (cmd.json !== undefined) jsonTarget = checkOutputFile(cmd.json, "--json");
    io.stderr.write(`planning stack ${cmd.stack} offline...\n`);
    plan = await planStack({ projectDir: cmd.projectDir, stack: cmd.stack, log: (l) => io.stderr.write(`${l}\n`) });
  } catch (err) {
    return reportFailure(err, io);
  }

  if (!passesChecksAndPolicies(plan, cmd.projectDir, io)) return 1;

  if (jsonTarget !== undefined) {
    try {
      writeFilesAtomically({ [jsonTarget]: planToJson(plan) });
    } catch (err) {
      return reportFailure(err, io);
    }
  }
  io.stdout.write(renderSummary(plan));
  if (jsonTarget !== undefined) io.stderr.write(`wrote ${cmd.json}\n`);
  return 0;
}
