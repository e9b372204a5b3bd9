/**
 * A parser for composite alarm rules, by CloudWatch's grammar:
 * `expr := term (("AND" | "OR") term)*`, `term := "NOT" term | "(" expr ")" | TRUE | FALSE |
 * STATE "(" name ")"` with STATE one of ALARM, OK, INSUFFICIENT_DATA and the name quoted or bare.
 */

export type ParsedRule = { children: string[] } | { error: string };

const STATES = ["ALARM", "OK", "INSUFFICIENT_DATA"];

/** The alarm names a rule watches, in order, or what is wrong with it. */
export function parseAlarmRule(rule: string): ParsedRule {
  const tokens = tokenize(rule);
  if ("error" in tokens) return tokens;
  const children: string[] = [];
  let at = 0;
  const peek = () => tokens.list[at];
  const fail = (expected: string): never => {
    throw new RuleError(`expected ${expected} at "${peek() ?? "the end"}"`);
  };

  const term = (): void => {
    const t = peek();
    if (t === "NOT") {
      at++;
      return term();
    }
    if (t === "(") {
      at++;
      expr();
      if (peek() !== ")") fail('")"');
      at++;
      return;
    }
    if (t === "TRUE" || t === "FALSE") {
      at++;
      return;
    }
    if (t !== undefined && STATES.includes(t)) {
      at++;
      if (peek() !== "(") fail(`"(" after ${t}`);
      at++;
      const name = peek();
      if (name === undefined || name === ")" || name === "(") fail("an alarm name");
      children.push(unquote(name!));
      at++;
      if (peek() !== ")") fail('")" after the alarm name');
      at++;
      return;
    }
    fail('ALARM(...), OK(...), INSUFFICIENT_DATA(...), NOT, TRUE, FALSE or "("');
  };
  const expr = (): void => {
    term();
    while (peek() === "AND" || peek() === "OR") {
      at++;
      term();
    }
  };

  try {
    expr();
    if (at < tokens.list.length) fail("AND or OR");
  } catch (e) {
    if (e instanceof RuleError) return { error: e.message };
    throw e;
  }
  return { children };
}

class RuleError extends Error {}

function tokenize(rule: string): { list: string[] } | { error: string } {
  const list: string[] = [];
  const re = /\s*(\(|\)|"(?:[^"\\]|\\.)*"|[^\s()"]+)/y;
  let m: RegExpExecArray | null;
  let last = 0;
  while ((m = re.exec(rule)) !== null) {
    list.push(m[1]);
    last = re.lastIndex;
  }
  const rest = rule.slice(last).trim();
  if (rest !== "") return { error: `has an unclosed quote or stray text at "${rest}"` };
  return { list };
}

function unquote(token: string): string {
  return token.startsWith('"') ? token.slice(1, -1).replace(/\\(.)/g, "$1") : token;
}
