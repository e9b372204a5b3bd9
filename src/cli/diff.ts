/**
 * `diff`: plans every stack at a base git ref and at the working tree, and prints what the
 * change does to the alerts (Markdown for a pull-request comment, or JSON for tools).
 */
import { planStack } from "../plan/engine";
import type { Plan } from "../plan/plan";
import { knownStacks } from "../plan/stack-config";
import { diffPlans, type StackDiff } from "../report/diff";
import { MAX_MARKDOWN, renderDiffJson, renderDiffMarkdown } from "../report/diff-markdown";
import { BaseError, checkoutBase } from "./base-plan";
import { type Io, reportFailure } from "./io";
import { passesChecksAndPolicies } from "./verdict";

export interface DiffCommand {
  projectDir: string;
  /** The git ref to compare with. @default "main" */
  base: string;
  format: "markdown" | "json";
  /** Size limit of the Markdown. @default MAX_MARKDOWN */
  limit?: number;
}

export const DIFF_FORMATS = ["markdown", "json"] as const;

export async function runDiff(cmd: DiffCommand, io: Io): Promise<number> {
  let base;
  try {
    io.stderr.write(`exporting ${cmd.base}...\n`);
    base = checkoutBase(cmd.projectDir, cmd.base);
  } catch (err) {
    return failure(err, io);
  }

  try {
    const stacks = [...new Set([...knownStacks(cmd.projectDir), ...base.stacks])].sort();
    // The base's stacks plan in child processes while the working tree plans here.
    const checkout = base;
    io.stderr.write(`planning ${stacks.join(", ")} at ${cmd.base} and at the working tree...\n`);
    const basePlans = stacks.map((stack) => (checkout.stacks.includes(stack) ? checkout.plan(stack) : Promise.resolve(undefined)));
    basePlans.forEach((p) => p.catch(() => undefined)); // awaited below; no unhandled rejection meanwhile
    const diffs: StackDiff[] = [];
    for (const [i, stack] of stacks.entries()) {
      const after: Plan | undefined = knownStacks(cmd.projectDir).includes(stack)
        ? await planStack({ projectDir: cmd.projectDir, stack, log: (l) => io.stderr.write(`${l}\n`) })
        : undefined;
      // The base was planned by its own `plan`, checks and policy included: so is the head.
      if (after && !passesChecksAndPolicies(after, cmd.projectDir, io)) return 1;
      diffs.push(diffPlans(stack, await basePlans[i], after));
    }
    io.stdout.write(cmd.format === "json"
      ? renderDiffJson(diffs, cmd.base)
      : renderDiffMarkdown(diffs, { base: cmd.base, limit: cmd.limit ?? MAX_MARKDOWN }));
    return 0;
  } catch (err) {
    return failure(err, io);
  } finally {
    base.dispose();
  }
}

function failure(err: unknown, io: Io): number {
  if (err instanceof BaseError) {
    io.stderr.write(`error: ${err.message}\n`);
    return 1;
  }
  return reportFailure(err, io);
}
