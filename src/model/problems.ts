/**
 * Problems are how every layer reports a user's mistake: collected, never thrown one by one,
 * then printed together with the file, the key path, what was found and what is allowed.
 */

export interface Problem {
  /** File the problem is in, relative to the project root (e.g. `catalog/orders.yaml`). */
  file: string;
  /** Dotted key path inside the file (e.g. `alarms.alb5xxRate.threshold`); empty for the file. */
  path: string;
  /** 1-based line in the file, when the source is known. */
  line?: number;
  /** What is wrong, in one sentence. */
  message: string;
  /** What to do about it. */
  hint?: string;
}

/** Thrown when input is invalid: carries every problem found, never a single one. */
export class ProblemsError extends Error {
  readonly problems: Problem[];

  constructor(problems: Problem[]) {
    super(formatProblems(problems));
    this.name = "ProblemsError";
    this.problems = sortProblems(problems);
  }
}

/**
 * True for a ProblemsError, also one from another copy of this module (a program loaded
 * from a project copy has its own): the engine must not mistake it for a bug.
 */
export function isProblemsError(err: unknown): err is { problems: Problem[]; message: string } {
  return err instanceof ProblemsError ||
    (err instanceof Error && Array.isArray((err as { problems?: unknown }).problems));
}

export function sortProblems(problems: Problem[]): Problem[] {
  // An environment override is checked once per service it applies to: report it once.
  return [...problems].sort(
    (a, b) =>
      a.file.localeCompare(b.file) ||
      (a.line ?? 0) - (b.line ?? 0) ||
      a.path.localeCompare(b.path) ||
      a.message.localeCompare(b.message),
  ).filter((p, i, all) => i === 0 || formatProblem(p) !== formatProblem(all[i - 1]));
}

/** One problem as a user reads it: `catalog/orders.yaml:12 tier: ... (hint: ...)`. */
export function formatProblem(p: Problem): string {
  const where = p.line ? `${p.file}:${p.line}` : p.file;
  const key = p.path ? ` ${p.path}:` : "";
  const hint = p.hint ? `\n    hint: ${p.hint}` : "";
  return `${where}${key} ${p.message}${hint}`;
}

export function formatProblems(problems: Problem[]): string {
  const sorted = sortProblems(problems);
  const noun = sorted.length === 1 ? "problem" : "problems";
  return [`${sorted.length} ${noun} found:`, ...sorted.map((p) => `  ${formatProblem(p)}`)].join(
    "\n",
  );
}

/** The closest candidate by edit distance, if it is close enough to be a likely typo. */
export function didYouMean(found: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const c of candidates) {
    const d = editDistance(found.toLowerCase(), c.toLowerCase());
    if (d < bestDistance) {
      best = c;
      bestDistance = d;
    }
  }
  const limit = Math.max(2, Math.floor(found.length / 3));
  return bestDistance <= limit ? best : undefined;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost);
    }
    previous = current;
  }
  return previous[b.length];
}

/** `did you mean "x"?` for a hint, or a list of what is allowed. */
export function suggestion(found: string, allowed: readonly string[]): string {
  const close = didYouMean(found, allowed);
  if (close) return `did you mean "${close}"?`;
  return `allowed: ${allowed.map((a) => `"${a}"`).join(", ")}`;
}
