/**
 * The verdict every command that turns a plan into output gives before writing anything: the
 * plan checks (what the vendor APIs would refuse), then the team's policy. One function, so that
 * `plan`, `docs` and `diff` refuse the same plans with the same messages.
 */
import { checkPlan, formatFinding } from "../checks";
import type { Plan } from "../plan/plan";
import { passesPolicies } from "../policy/run";
import type { Io } from "./io";

/** Prints every finding and violation to stderr; false when the plan must not be used. */
export function passesChecksAndPolicies(plan: Plan, projectDir: string, io: Io): boolean {
  const findings = checkPlan(plan);
  for (const f of findings) io.stderr.write(`${formatFinding(f)}\n`);
  const errors = findings.filter((f) => f.level === "error");
  if (errors.length > 0) {
    io.stderr.write(`${errors.length} ${errors.length === 1 ? "check" : "checks"} failed: the APIs would refuse this plan. Nothing was written.\n`);
    return false;
  }
  return passesPolicies(plan, projectDir, io);
}
