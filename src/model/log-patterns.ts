/**
 * CloudWatch Logs metric filter patterns: a syntax check good enough to catch the mistakes
 * PutMetricFilter refuses (unbalanced quotes or brackets, a JSON condition without a `$.`
 * selector, a bare `?`), shared by the catalog validation and the plan check.
 */

/** PutMetricFilter's limit on `filterPattern`. */
export const MAX_PATTERN_LENGTH = 1024;

const OPERATOR = "(=|!=|<=|>=|<|>)";
const SELECTOR = String.raw`\$(\.[A-Za-z0-9_@-]+|\[(\d+|\*)\])+`;
const VALUE = String.raw`("([^"\\]|\\.)*"|[^\s()&|"]+)`;
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
  if (p.startsWith("{")) return jsonPatternProblem(p);
  if (p.startsWith("[")) return spacePatternProblem(p);
  return termPatternProblem(p);
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
