/**
 * Plans the stacks of a git ref: the ref is exported into a temporary directory and planned by
 * its own CLI (`src/cli/main.ts plan --json`), so the base is planned by the base's code.
 */
import { spawn, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

import type { Plan } from "../plan/plan";
import { knownStacks } from "../plan/stack-config";

/** A failure to plan the base that the user can act on (unknown ref, no plan CLI, a failed plan). */
export class BaseError extends Error {}

/** A checked-out base: its directory and its stacks; `dispose()` removes it. */
export interface BaseCheckout {
  ref: string;
  dir: string;
  stacks: string[];
  /** Plans a stack of the base in a child process; call it for several stacks to run them at once. */
  plan(stack: string): Promise<Plan>;
  dispose(): void;
}

/** Exports `ref` of the repository holding `projectDir` into a temporary directory. */
export function checkoutBase(projectDir: string, ref: string): BaseCheckout {
  const git = (args: string[], options: { cwd?: string; input?: Buffer } = {}) =>
    spawnSync("git", args, { cwd: options.cwd ?? projectDir, input: options.input, maxBuffer: 1 << 30 });

  const commit = git(["rev-parse", "--verify", "--quiet", `${ref}^{commit}`]);
  if (commit.status !== 0) {
    throw new BaseError(`unknown git ref "${ref}": it names no commit in ${projectDir}\n  hint: fetch it first (git fetch origin ${ref}) or pass --base <ref>`);
  }
  const prefix = git(["rev-parse", "--show-prefix"]).stdout.toString().trim();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "servio-base-"));
  const dispose = () => fs.rmSync(dir, { recursive: true, force: true });
  try {
    const archive = git(["archive", "--format=tar", commit.stdout.toString().trim(), ...(prefix ? [prefix] : [])]);
    if (archive.status !== 0) throw new BaseError(`git archive ${ref} failed: ${archive.stderr.toString().trim()}`);
    const tar = spawnSync("tar", ["-x", "-C", dir, ...(prefix ? [`--strip-components=${prefix.split("/").filter(Boolean).length}`] : [])], {
      input: archive.stdout,
    });
    if (tar.status !== 0) throw new BaseError(`unpacking ${ref} failed: ${tar.stderr.toString().trim()}`);
    fs.symlinkSync(fs.realpathSync(path.join(projectDir, "node_modules")), path.join(dir, "node_modules"));

    if (!fs.existsSync(path.join(dir, "src/cli/main.ts"))) {
      throw new BaseError(`the base ${ref} has no plan CLI (src/cli/main.ts): it predates the offline plan, so it cannot be compared\n  hint: compare with a newer base: --base <ref>`);
    }
  } catch (err) {
    dispose();
    throw err;
  }

  return {
    ref,
    dir,
    stacks: knownStacks(dir),
    plan: (stack) => planAt(projectDir, dir, ref, stack),
    dispose,
  };
}

function planAt(projectDir: string, dir: string, ref: string, stack: string): Promise<Plan> {
  const out = path.join(dir, `.base-${stack}.plan.json`);
  const tsx = path.join(fs.realpathSync(path.join(projectDir, "node_modules")), ".bin", "tsx");
  return new Promise((resolve, reject) => {
    const child = spawn(tsx, ["src/cli/main.ts", "plan", "--stack", stack, "--json", out], { cwd: dir, stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.on("error", (err) => reject(new BaseError(`the base ${ref} could not be planned for stack ${stack}: ${err.message}`)));
    child.on("close", (code, signal) => {
      if (code === 0 && fs.existsSync(out)) return resolve(JSON.parse(fs.readFileSync(out, "utf8")) as Plan);
      const tail = stderr.trim().split("\n").slice(-15).join("\n");
      reject(new BaseError(`the base ${ref} could not be planned for stack ${stack} (exit ${code ?? signal}):\n${tail}`));
    });
  });
}
