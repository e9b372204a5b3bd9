/**
 * Writing the files the CLI produces (`plan --json`, `docs --out`) without ever destroying
 * what the user had: a path is checked before the plan runs, a file is written to a temporary
 * file beside it and renamed over its own name only, and only ever over a regular file or a
 * missing path (never over a directory, a device, a pipe, or a symbolic link itself).
 */
import * as fs from "node:fs";
import * as path from "node:path";

/** A path the CLI was told to write to that it cannot or must not write: the user's to fix. */
export class OutputError extends Error {}

/** What an existing path is, in words. */
function kindOf(stat: fs.Stats): string {
  if (stat.isDirectory()) return "a directory";
  if (stat.isFile()) return "a regular file";
  if (stat.isCharacterDevice()) return "a character device";
  if (stat.isBlockDevice()) return "a block device";
  if (stat.isFIFO()) return "a named pipe";
  if (stat.isSocket()) return "a socket";
  if (stat.isSymbolicLink()) return "a symbolic link";
  return "not a regular file";
}

function lstatOrUndefined(p: string): fs.Stats | undefined {
  try {
    return fs.lstatSync(p);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === "ENOENT" || code === "ENOTDIR") return undefined;
    throw new OutputError(`cannot write ${p}: ${describeError(err)}`);
  }
}

/** `EACCES: permission denied, open '…'` -> `permission denied (EACCES)`. */
export function describeError(err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  if (e && typeof e.code === "string" && typeof e.message === "string") {
    const text = e.message.replace(/^[A-Z]+: /, "").replace(/, \w+ '.*'$/, "");
    return `${text} (${e.code})`;
  }
  return String(err);
}

/**
 * Checks that `file` can be written as a regular file, and returns the path to write: `file`
 * itself, or the file a symbolic link at `file` points to. Throws an OutputError naming the
 * path and what it is otherwise. `option` names the option in messages (e.g. `--json`).
 */
export function checkOutputFile(file: string, option: string): string {
  if (file.trim() === "") throw new OutputError(`${option} needs a file name, found an empty string`);
  const target = path.resolve(file);
  const stat = lstatOrUndefined(target);
  if (stat?.isSymbolicLink()) {
    let real: string;
    try {
      real = fs.realpathSync(target);
    } catch {
      throw new OutputError(`${option} ${file} is a symbolic link to ${fs.readlinkSync(target)}, which does not exist`);
    }
    const realStat = fs.statSync(real);
    if (!realStat.isFile()) {
      throw new OutputError(`${option} ${file} is a symbolic link to ${real}, which is ${kindOf(realStat)}, not a regular file`);
    }
    return real;
  }
  if (stat && !stat.isFile()) {
    const hint = stat.isDirectory() && option.startsWith("--") ? `\n  hint: name a file in it, e.g. ${option} ${path.join(file, "plan.json")}` : "";
    throw new OutputError(`${option} ${file} is ${kindOf(stat)}, not a regular file: it will not be replaced${hint}`);
  }
  checkParentDirectory(target, option, file);
  return target;
}

/** The directory a new file goes into must exist and be a directory. */
function checkParentDirectory(target: string, option: string, shown: string): void {
  const parent = path.dirname(target);
  let stat: fs.Stats;
  try {
    stat = fs.statSync(parent);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT" || (err as NodeJS.ErrnoException).code === "ENOTDIR") {
      throw new OutputError(`${option} ${shown}: the directory ${parent} does not exist\n  hint: create it first (mkdir -p ${parent})`);
    }
    throw new OutputError(`${option} ${shown}: cannot use the directory ${parent}: ${describeError(err)}`);
  }
  if (!stat.isDirectory()) throw new OutputError(`${option} ${shown}: ${parent} is ${kindOf(stat)}, not a directory`);
}

/**
 * Checks that `dir` can hold output: a directory, or a missing path whose nearest existing
 * ancestor is a directory. Returns the absolute path.
 */
export function checkOutputDirectory(dir: string, option: string): string {
  if (dir.trim() === "") throw new OutputError(`${option} needs a directory name, found an empty string`);
  const target = path.resolve(dir);
  for (let p = target; ; p = path.dirname(p)) {
    let stat: fs.Stats | undefined;
    try {
      stat = fs.statSync(p);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code !== "ENOENT" && code !== "ENOTDIR") throw new OutputError(`${option} ${dir}: cannot use ${p}: ${describeError(err)}`);
    }
    if (stat) {
      if (stat.isDirectory()) return target;
      const what = p === target ? `${option} ${dir} is ${kindOf(stat)}` : `${option} ${dir}: ${p} is ${kindOf(stat)}`;
      throw new OutputError(`${what}, not a directory`);
    }
    if (path.dirname(p) === p) return target;
  }
}

/** Temporary name beside `target`, hidden, so a failed run leaves nothing that looks like output. */
function tempName(target: string, i = 0): string {
  return path.join(path.dirname(target), `.${path.basename(target)}.tmp-${process.pid}-${i}`);
}

/**
 * Writes `files` (absolute path -> content) all or nothing: every file goes to a temporary file
 * beside it first; only when all are written is each renamed over its own name. A temporary file
 * never outlives a failure. Write failures are OutputErrors.
 */
export function writeFilesAtomically(files: Record<string, string>): void {
  const temps: string[] = [];
  let current = "";
  try {
    for (const [i, [target, content]] of Object.entries(files).entries()) {
      current = target;
      const temp = tempName(target, i);
      temps.push(temp);
      fs.writeFileSync(temp, content, { flag: "wx" });
      const old = lstatOrUndefined(target);
      if (old?.isFile()) fs.chmodSync(temp, old.mode & 0o7777);
    }
    // Checked again right before the renames: nothing but a regular file is replaced.
    for (const target of Object.keys(files)) {
      const stat = lstatOrUndefined(target);
      if (stat && !stat.isFile()) throw new OutputError(`${target} is ${kindOf(stat)}, not a regular file: it will not be replaced`);
    }
    for (const [i, target] of Object.keys(files).entries()) {
      current = target;
      fs.renameSync(temps[i], target);
    }
  } catch (err) {
    for (const t of temps) fs.rmSync(t, { force: true });
    if (err instanceof OutputError) throw err;
    throw new OutputError(`cannot write ${current}: ${describeError(err)}`);
  }
}
