/**
 * Reading a user's file as text, with what can be wrong with the file itself (a directory
 * where a file belongs, a symbolic link to nothing, a pipe, no permission) as a Problem that
 * names the file, never as a stack trace.
 */
import * as fs from "node:fs";

import type { Problem } from "./problems";

export type ReadResult = { text: string; problem?: undefined; missing?: false } | { text?: undefined; problem?: Problem; missing: boolean };

/**
 * Reads `full` (shown to the user as `file`). A missing file is `missing: true` with no
 * problem, for the caller to say what it means; anything else that prevents reading is a problem.
 */
export function readUserFile(full: string, file: string): ReadResult {
  const problem = (message: string, hint?: string): ReadResult => ({ missing: false, problem: { file, path: "", message, ...(hint ? { hint } : {}) } });
  let link: fs.Stats;
  try {
    link = fs.lstatSync(full);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === "ENOENT" || code === "ENOTDIR") return { missing: true };
    return problem(`cannot be read: ${describe(err)}`);
  }
  let stat = link;
  if (link.isSymbolicLink()) {
    try {
      stat = fs.statSync(full);
    } catch {
      return problem(`is a symbolic link to ${fs.readlinkSync(full)}, which does not exist`, "remove the link, or point it at the file it stands for");
    }
  }
  if (stat.isDirectory()) return problem("is a directory, not a file", "this name is for a YAML file: move the directory away");
  if (!stat.isFile()) return problem("is not a regular file", "this name is for a YAML file");
  try {
    return { text: fs.readFileSync(full, "utf8") };
  } catch (err) {
    return problem(`cannot be read: ${describe(err)}`);
  }
}

/** `EACCES: permission denied, open '…'` -> `permission denied (EACCES)`. */
function describe(err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  if (typeof e?.code === "string" && typeof e.message === "string") {
    return `${e.message.replace(/^[A-Z]+: /, "").replace(/, \w+ '.*'$/, "")} (${e.code})`;
  }
  return String(err);
}
