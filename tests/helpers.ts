/**
 * Test helpers: plan the real project, or a copy of it changed by a test, through the same
 * entry points a user runs.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

import { main } from "../src/cli/main";
import { planStack } from "../src/plan/engine";
import type { Plan, PlanResource } from "../src/plan/plan";

export const PROJECT_DIR = path.resolve(__dirname, "..");

/** Files a project copy needs; node_modules is linked, not copied. */
const PROJECT_FILES = ["Pulumi.yaml", "Pulumi.dev.yaml", "Pulumi.prod.yaml", "teams.yaml", "catalog", "index.ts", "components", "src", "dashboards"];

/**
 * A throwaway copy of the project; `files` overwrites or adds files (path -> content),
 * `null` deletes one. Returns the copy's directory.
 */
export function projectCopy(files: Record<string, string | null> = {}): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "servio-test-"));
  for (const f of PROJECT_FILES) {
    const from = path.join(PROJECT_DIR, f);
    if (fs.existsSync(from)) fs.cpSync(from, path.join(dir, f), { recursive: true });
  }
  fs.symlinkSync(path.join(PROJECT_DIR, "node_modules"), path.join(dir, "node_modules"));
  for (const [file, content] of Object.entries(files)) {
    const target = path.join(dir, file);
    if (content === null) fs.rmSync(target, { recursive: true, force: true });
    else {
      fs.mkdirSync(path.dirname(target), { recursive: true });
      fs.writeFileSync(target, content);
    }
  }
  return dir;
}

/** Plans a stack of the real project (or of a copy at `projectDir`). */
export async function plan(stack: string, projectDir = PROJECT_DIR): Promise<Plan> {
  return planStack({ projectDir, stack, log: () => undefined });
}

/** Runs the CLI as a user would, capturing its streams. */
export async function cli(args: string[], projectDir = PROJECT_DIR): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = "";
  let stderr = "";
  const io = { stdout: { write: (s: string) => (stdout += s) }, stderr: { write: (s: string) => (stderr += s) } };
  const code = await main(args, io, projectDir);
  return { code, stdout, stderr };
}

export function byType(p: Plan, type: string): PlanResource[] {
  return p.resources.filter((r) => r.type === type);
}

/** The resource named `name` (of `type`, where names repeat across types). */
export function byName(p: Plan, name: string, type?: string): PlanResource {
  const found = p.resources.find((r) => r.name === name && (type === undefined || r.type === type));
  if (!found) throw new Error(`no resource named ${name}; names: ${p.resources.map((r) => r.name).join(", ")}`);
  return found;
}
