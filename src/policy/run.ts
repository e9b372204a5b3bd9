/** Runs the policy rules on a plan for the plan command: violations to stderr, a verdict back. */
import type { Plan } from "../plan/plan";
import type { Io } from "../cli/io";
import { evaluatePolicies, formatViolation } from "./rules";
import { readPolicySettings } from "./settings";

/** Prints every violation; false when a mandatory rule is violated (the plan fails). */
export function passesPolicies(plan: Plan, projectDir: string, io: Io): boolean {
  const violations = evaluatePolicies(plan, readPolicySettings(projectDir, plan.project, plan.stack));
  for (const v of violations) io.stderr.write(`${formatViolation(v)}\n`);
  const mandatory = violations.filter((v) => v.level === "mandatory").length;
  if (mandatory === 0) return true;
  io.stderr.write(`${mandatory} mandatory policy ${mandatory === 1 ? "violation" : "violations"}: ` +
    "the team's alerting rules refuse this plan (see docs/review.md). Nothing was written.\n");
  return false;
}
