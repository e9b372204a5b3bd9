/**
 * `docs`: plan a stack offline, check it as `plan` does, and write its incident docs (alert
 * catalog, on-call page, post-mortem template) into `<out>/<stack>/`. All or nothing for its own
 * files: each is written to a temporary file beside it and renamed over its own name once all
 * are written. Nothing else in the directory is touched, and nothing but those files replaced.
 */
import * as fs from "node:fs";
import * as path from "node:path";

import { planStack } from "../plan/engine";
import { renderDocs } from "../report/docs";
import { type Io, reportFailure } from "./io";
import { checkOutputDirectory, checkOutputFile, describeError, OutputError, writeFilesAtomically } from "./output";
import { passesChecksAndPolicies } from "./verdict";

/** Where docs go unless `--out` says otherwise, relative to the project. */
export const DEFAULT_DOCS_DIR = "docs/generated";

export interface DocsCommand {
  projectDir: string;
  stack: string;
  /** Output directory; the stack's docs go into a sub-directory named after it. */
  out?: string;
}

export async function runDocs(cmd: DocsCommand, io: Io): Promise<number> {
  const out = cmd.out ?? DEFAULT_DOCS_DIR;
  const target = path.join(path.resolve(cmd.projectDir, out), cmd.stack);
  let files: Record<string, string>;
  try {
    // A place the docs cannot go is told before the plan runs.
    checkOutputDirectory(path.resolve(cmd.projectDir, out), "--out");
    checkStackDirectory(target, cmd.stack);
    io.stderr.write(`planning stack ${cmd.stack} offline...\n`);
    const plan = await planStack({ projectDir: cmd.projectDir, stack: cmd.stack, log: (l) => io.stderr.write(`${l}\n`) });
    if (!passesChecksAndPolicies(plan, cmd.projectDir, io)) return 1;
    files = renderDocs(plan);
    writeAll(target, files);
  } catch (err) {
    return reportFailure(err, io);
  }

  const shown = path.relative(process.cwd(), target) || ".";
  for (const name of Object.keys(files)) io.stdout.write(`${path.join(shown, name)}\n`);
  io.stderr.write(`wrote ${Object.keys(files).length} files to ${shown}\n`);
  return 0;
}

/** Writes `files` into `target` all or nothing, creating it if need be; other files stay. */
function writeAll(target: string, files: Record<string, string>): void {
  const created = !fs.existsSync(target);
  try {
    fs.mkdirSync(target, { recursive: true });
  } catch (err) {
    throw new OutputError(`cannot create the directory ${target}: ${describeError(err)}`);
  }
  try {
    const paths = Object.fromEntries(Object.entries(files).map(([name, content]) =>
      [checkOutputFile(path.join(target, name), "docs file"), content]));
    writeFilesAtomically(paths);
  } catch (err) {
    if (created) {
      try {
        fs.rmdirSync(target); // only when empty: never what someone else put there meanwhile
      } catch {
        // left as it is
      }
    }
    throw err;
  }
}

/** `<out>/<stack>` is the docs' own directory: if something else has that name, say so. */
function checkStackDirectory(target: string, stack: string): void {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(target);
  } catch {
    return; // missing (or below a missing directory): created when the docs are written
  }
  if (!stat.isDirectory()) {
    throw new OutputError(`${target} exists and is not a directory: the docs of stack ${stack} go into a directory of that name\n  hint: move the file away, or write the docs elsewhere with --out <dir>`);
  }
}
