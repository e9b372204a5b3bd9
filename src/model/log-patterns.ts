/**
 * CloudWatch Logs metric filter patterns: a syntax check good enough to catch the mistakes
 * PutMetricFilter refuses (unbalanced quotes or brackets, a JSON condition without a `$.`
 * selector, a bare `?`, a regular expression with characters it does not support), shared by
 * the catalog validation and the plan check.
 */

/** PutMetricFilter's limit on `filterPattern`. */
export const MAX_PATTERN_LENGTH = 1024;

const OPERATOR = "(=|!=|<=|>=|<|>)";
const SELECTOR = String.raw`\$(\.[A-Za-z0-9_@-]+|\[(\d+|\*)\])+`;
/** A regular expression term, `%5[0-9]{2}%`, in a term, JSON or space-delimited pattern. */
const REGEX = String.raw`%[^%\s]+%`;
const VALUE = String.raw`(${REGEX}|"([^"\\]|\\.)*"|[^\s()&|"]+)`;
const JSON_CONDITION = new RegExp(
  `^${SELECTOR}\\s*(${OPERATOR}\\s*${VALUE}|\\s+IS\\s+(NULL|TRUE|FALSE)|\\s+NOT\\s+EXISTS)$`,
);
const SPACE_FIELD = new RegExp(`^(\\.\\.\\.|[A-Za-z_][A-Za-z0-9_]*(\\s*${OPERATOR}\\s*\\S+)?)$`);

/** What is wrong with a filter pattern, in one sentence; undefined when CloudWatch takes it. */
export function filterPatternProblem(pattern: string): string | undefined {
  if (pattern.length > MAX_PATTERN_LENGTH) {
    const limit = MAX_PATTERN_LENGTH;
    return `is ${pattern.length} characters long; CloudWatch Logs accepts at most ${limit}`;
  }
  if (!quotesBalanced(pattern)) return `has an unclosed double quote: ${pattern}`;
  const p = pattern.trim();
  if (p.startsWith("{") || p.startsWith("[")) {
    const regexes = regexesOf(p);
    for (const r of regexes) {
      const problem = regexProblem(r);
      if (problem) return problem;
    }
    if (regexes.length > MAX_REGEXES) {
      return `has ${regexes.length} regular expressions; CloudWatch Logs accepts at most ${MAX_REGEXES} in a JSON or space-delimited pattern`;
    }
    return p.startsWith("{") ? jsonPatternProblem(p) : spacePatternProblem(p);
  }
  return termPatternProblem(p);
}

/** Regular expressions a JSON or space-delimited pattern may hold. */
export const MAX_REGEXES = 2;

/** What CloudWatch Logs regular expressions may contain: letters, digits, these symbols and operators. */
const REGEX_CHARS = /^[A-Za-z0-9:_#=@/;,\-^$?[\]{}|\\*+.]+$/;

/** `%…%` terms outside double quotes. */
function regexesOf(p: string): string[] {
  return splitOutsideQuotes(p, /(?!)/)
    .join("")
    .replace(/"([^"\\]|\\.)*"/g, " ")
    .match(new RegExp(REGEX, "g")) ?? [];
}

/** What is wrong with a `%regex%` term, or undefined. */
function regexProblem(term: string): string | undefined {
  const body = term.slice(1, -1);
  if (REGEX_CHARS.test(body)) return undefined;
  const bad = [...body].find((c) => !REGEX_CHARS.test(c)) ?? "";
  const why = bad === "(" || bad === ")" ? " (parentheses cannot group in its regular expressions)" : "";
  return `has the regular expression ${term}, which uses "${bad}"${why}; CloudWatch Logs regular expressions take ` +
    "letters, digits, the symbols : _ # = @ / ; , - and the operators ^ $ ? [ ] { } | \\ * + .";
}

function quotesBalanced(p: string): boolean {
  let open = false;
  for (let i = 0; i < p.length; i++) {
    if (p[i] === "\\") i++;
    else if (p[i] === '"') open = !open;
  }
  return !open;
}

/** `{ ($.level = "error") || ($.status >= 500) }` */
function jsonPatternProblem(p: string): string | undefined {
  if (!p.endsWith("}")) return `opens a JSON pattern with "{" but does not end with "}": ${p}`;
  const body = p.slice(1, -1).trim();
  if (body === "") return "is an empty JSON pattern; name a selector such as $.level";
  if (!parensBalanced(body)) return `has unbalanced parentheses: ${p}`;
  for (const part of splitOutsideQuotes(body, /&&|\|\|/)) {
    const condition = part.replace(/^[\s(]+|[\s)]+$/g, "");
    if (!JSON_CONDITION.test(condition)) {
      return `has the condition (${condition}), which is not one such as ($.level = "error")`;
    }
  }
  return undefined;
}

/** `[ip, user, ..., status = 5*, size]` */
function spacePatternProblem(p: string): string | undefined {
  if (!p.endsWith("]")) {
    return `opens a space-delimited pattern with "[" but does not end with "]": ${p}`;
  }
  const fields = splitOutsideQuotes(p.slice(1, -1), /,/).map((f) => f.trim());
  for (const field of fields) {
    const conditions = splitOutsideQuotes(field, /&&|\|\|/).map((c) => c.trim());
    const [first, ...rest] = conditions;
    const name = /^[A-Za-z_][A-Za-z0-9_]*/.exec(first)?.[0];
    const ok = SPACE_FIELD.test(first) &&
      rest.every((c) => SPACE_FIELD.test(/^[!<>=]/.test(c) ? `${name} ${c}` : c));
    if (!ok) {
      return `has the field "${field}", which is not a name, "..." or a name with a condition`;
    }
  }
  return undefined;
}

/** `?ERROR ?FATAL -HealthCheck "request failed"` */
function termPatternProblem(p: string): string | undefined {
  for (const term of splitOutsideQuotes(p, /\s+/).filter((t) => t !== "")) {
    if (term === "?" || term === "-") return `has "${term}" without a term after it`;
    if (term === "%%") return 'has the empty regular expression "%%"';
    // `%5[0-9]{2}%`: a regular expression, where braces and brackets are its operators.
    if (new RegExp(`^${REGEX}$`).test(term)) {
      const problem = regexProblem(term);
      if (problem) return problem;
      continue;
    }
    const unquoted = term.replace(/"([^"\\]|\\.)*"/g, "");
    if (/[{}[\]]/.test(unquoted)) {
      return `has "${term}": braces and brackets start JSON or space-delimited patterns; ` +
        "quote them in a term";
    }
  }
  return undefined;
}

function parensBalanced(text: string): boolean {
  let depth = 0;
  for (const part of splitOutsideQuotes(text, /(?!)/)) {
    for (const c of part) {
      if (c === "(") depth++;
      if (c === ")" && --depth < 0) return false;
    }
  }
  return depth === 0;
}

/** Splits `text` on `separator` where it is not inside double quotes. */
function splitOutsideQuotes(text: string, separator: RegExp): string[] {
  const parts: string[] = [];
  let current = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === "\\" && quoted) {
      current += c + (text[i + 1] ?? "");
      i++;
      continue;
    }
    if (c === '"') quoted = !quoted;
    if (!quoted) {
      const m = new RegExp(`^(${separator.source})`).exec(text.slice(i));
      if (m && m[0].length > 0) {
        parts.push(current);
        current = "";
        i += m[0].length - 1;
        continue;
      }
    }
    current += c;
  }
  parts.push(current);
  return parts;
}
