/**
 * `docs`: plan a stack offline, check it, and write its incident docs (alert catalog,
 * on-call page, post-mortem template) into `<out>/<stack>/`. All or nothing: the files are
 * rendered, written to a temporary directory beside the target and swapped in at the end.
 */
import * as fs from "node:fs";
import * as path from "node:path";

import { checkPlan, formatFinding } from "../checks";
import { planStack } from "../plan/engine";
import { renderDocs } from "../report/docs";
import { type Io, reportFailure } from "./io";

/** Where docs go unless `--out` says otherwise, relative to the project. */
export const DEFAULT_DOCS_DIR = "docs/generated";

export interface DocsCommand {
  projectDir: string;
  stack: string;
  /** Output directory; the stack's docs go into a sub-directory named after it. */
  out?: string;
}

export async function runDocs(cmd: DocsCommand, io: Io): Promise<number> {
  io.stderr.write(`planning stack ${cmd.stack} offline...\n`);
  let files: Record<string, string>;
  try {
    const plan = await planStack({ projectDir: cmd.projectDir, stack: cmd.stack, log: (l) => io.stderr.write(`${l}\n`) });
    const findings = checkPlan(plan);
    for (const f of findings) io.stderr.write(`${formatFinding(f)}\n`);
    const errors = findings.filter((f) => f.level === "error").length;
    if (errors > 0) {
      io.stderr.write(`${errors} ${errors === 1 ? "check" : "checks"} failed. Nothing was written.\n`);
      return 1;
    }
    files = renderDocs(plan);
  } catch (err) {
    return reportFailure(err, io);
  }

  const outDir = path.resolve(cmd.projectDir, cmd.out ?? DEFAULT_DOCS_DIR);
  const target = path.join(outDir, cmd.stack);
  writeAll(target, files);
  const shown = path.relative(process.cwd(), target) || ".";
  for (const name of Object.keys(files)) io.stdout.write(`${path.join(shown, name)}\n`);
  io.stderr.write(`wrote ${Object.keys(files).length} files to ${shown}\n`);
  return 0;
}

/** Replaces `target` with exactly `files`, never leaving a half-written directory. */
function writeAll(target: string, files: Record<string, string>): void {
  fs.mkdirSync(path.dirname(target), { recursive: true });
  const temp = `${target}.tmp-${process.pid}`;
  const old = `${target}.old-${process.pid}`;
  fs.rmSync(temp, { recursive: true, force: true });
  fs.mkdirSync(temp);
  try {
    for (const [name, content] of Object.entries(files)) fs.writeFileSync(path.join(temp, name), content);
    if (fs.existsSync(target)) fs.renameSync(target, old);
    fs.renameSync(temp, target);
  } finally {
    fs.rmSync(temp, { recursive: true, force: true });
    fs.rmSync(old, { recursive: true, force: true });
  }
}
