/** Streams of a command, and how a failure is told to the user. */
import { ProblemsError } from "../model/problems";
import { ProgramError } from "../plan/engine";
import { OutputError } from "./output";

export interface Io {
  stdout: { write(s: string): unknown };
  stderr: { write(s: string): unknown };
}

/** Prints a failure: a user's mistakes as a list, a program failure as itself, a bug with its stack. */
export function reportFailure(err: unknown, io: Io): number {
  if (err instanceof ProblemsError) {
    io.stderr.write(`${err.message}\nNothing was written.\n`);
    return 1;
  }
  if (err instanceof OutputError) {
    io.stderr.write(`error: ${err.message}\nNothing was written.\n`);
    return 1;
  }
  if (err instanceof ProgramError) {
    io.stderr.write(`error: the program failed: ${err.message}\n`);
    return 1;
  }
  const e = err instanceof Error ? err : new Error(String(err));
  io.stderr.write(`internal error (a bug in servio-monitoring, please report it): ${e.stack ?? e.message}\n`);
  return 70;
}
