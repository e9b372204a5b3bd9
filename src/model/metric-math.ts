/**
 * The grammar of CloudWatch metric math, as far as PutMetricAlarm refuses an expression:
 * tokens, known functions, operators between operands, balanced parentheses. Used for the
 * catalog's custom metrics (with their line) and by the plan check of every alarm.
 */
import { didYouMean } from "./problems";

/** CloudWatch metric math functions (the CloudWatch User Guide's list). */
export const METRIC_MATH_FUNCTIONS = new Set([
  "ABS", "ANOMALY_DETECTION_BAND", "AVG", "CEIL", "DATAPOINT_COUNT", "DB_PERF_INSIGHTS", "DIFF",
  "DIFF_TIME", "FILL", "FIRST", "LAST", "FLOOR", "IF", "INSIGHT_RULE_METRIC", "LAMBDA", "LOG",
  "LOG10", "MAX", "METRIC_COUNT", "METRICS", "MIN", "MINUTE", "HOUR", "DAY", "DATE", "MONTH",
  "YEAR", "EPOCH", "PERIOD", "RATE", "REMOVE_EMPTY", "RUNNING_SUM", "SEARCH", "SERVICE_QUOTA",
  "SLICE", "SORT", "STDDEV", "SUM", "TIME_SERIES", "AND", "OR", "NOT", "CONCAT",
]);

/** Upper-case words that are arguments, not calls: FILL(m, REPEAT), SORT(m, SUM, DESC). */
const KEYWORDS = new Set(["REPEAT", "LINEAR", "ASC", "DESC", "SUM", "AVG", "MIN", "MAX", "STDDEV"]);
/** Infix words; NOT (and !) is a prefix. Lower-case forms are accepted as CloudWatch does. */
const INFIX_WORDS = new Set(["AND", "OR", "and", "or"]);
const PREFIX_WORDS = new Set(["NOT", "not"]);

type Kind = "number" | "id" | "word" | "string" | "op" | "open" | "close" | "comma";
interface Token {
  kind: Kind;
  text: string;
}

const TOKEN = /\s*(?:(\d+(?:\.\d+)?(?:[eE][+-]?\d+)?|\.\d+)|([A-Za-z_][A-Za-z0-9_]*)|("(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*')|(==|!=|<=|>=|&&|\|\||[-+*/^<>!])|([([])|([)\]])|(,))/y;

export interface MathProblem {
  message: string;
  hint?: string;
}

/** What is wrong with `expression`'s grammar (not its ids: callers name those). */
export function metricMathProblems(expression: string): MathProblem[] {
  if (expression.trim() === "") {
    return [{ message: "is empty", hint: "write metric math over the metrics' ids, e.g. 100 * errors / requests" }];
  }
  const tokens: Token[] = [];
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < expression.length) {
    const at = TOKEN.lastIndex;
    if (/^\s*$/.test(expression.slice(at))) break;
    const m = TOKEN.exec(expression);
    if (!m) {
      const c = expression.slice(at).trimStart()[0];
      return [{ message: `has "${c}", which metric math does not use`, hint: "use ids, numbers, functions, + - * / ^, comparisons, AND, OR, NOT, ( ) and ," }];
    }
    const kinds: Kind[] = ["number", "word", "string", "op", "open", "close", "comma"];
    const group = [1, 2, 3, 4, 5, 6, 7].find((g) => m[g] !== undefined)!;
    let kind = kinds[group - 1];
    const text = m[group];
    if (kind === "word" && /^[a-z]/.test(text) && !INFIX_WORDS.has(text) && !PREFIX_WORDS.has(text)) kind = "id";
    tokens.push({ kind, text });
  }

  const problems: MathProblem[] = [];
  const functions = [...METRIC_MATH_FUNCTIONS];
  const grammar: MathProblem[] = [];
  const fail = (message: string, hint?: string) => {
    if (!grammar.some((g) => g.message === message)) grammar.push({ message, hint });
  };
  const stack: { close: string; call: boolean }[] = [];
  const twoOperands = (a: string, b: string) =>
    fail(`has two operands in a row ("${a}" and "${b}") with no operator between them`, "join them with an operator such as + or *");
  let expectOperand = true;
  let afterCall = false;
  let previous: Token | undefined;
  tokens.forEach((t, n) => {
    const next = tokens[n + 1];
    const infix = t.kind === "op" ? t.text !== "!" : t.kind === "word" && INFIX_WORDS.has(t.text);
    const prefix = (t.kind === "op" && ["-", "+", "!"].includes(t.text)) || (t.kind === "word" && PREFIX_WORDS.has(t.text));
    const isCall = t.kind === "word" && !infix && !prefix && next?.kind === "open" && next.text === "(";
    if (t.kind === "word" && !infix && !prefix) {
      if (isCall && !METRIC_MATH_FUNCTIONS.has(t.text)) {
        const close = didYouMean(t.text, functions);
        problems.push({
          message: `calls "${t.text}", which is not a CloudWatch metric math function`,
          hint: close ? `did you mean "${close}"?` : "see the functions in the CloudWatch metric math reference",
        });
      } else if (!isCall && !KEYWORDS.has(t.text)) {
        const message = METRIC_MATH_FUNCTIONS.has(t.text) ? `uses the function "${t.text}" without (...)` : `uses "${t.text}", which metric math does not know`;
        problems.push({ message, hint: "query ids start with a lower-case letter; functions are called as NAME(...)" });
      }
    }
    const wasCall = afterCall;
    afterCall = false;
    if (t.kind === "number" || t.kind === "id" || t.kind === "string" || (t.kind === "word" && !infix && !prefix)) {
      if (!expectOperand) twoOperands(previous!.text, t.text);
      expectOperand = false;
      afterCall = isCall;
    } else if (t.kind === "open") {
      if (!expectOperand && !wasCall) twoOperands(previous!.text, t.text);
      stack.push({ close: t.text === "(" ? ")" : "]", call: wasCall });
      expectOperand = true;
    } else if (t.kind === "close") {
      const top = stack.pop();
      const emptyCall = previous?.kind === "open" && top?.call === true;
      if (!top || top.close !== t.text) fail("has unbalanced parentheses");
      else if (expectOperand && !emptyCall) fail(`has "${previous?.text ?? ""}" right before "${t.text}"`, "an operand is missing there");
      expectOperand = false;
    } else if (t.kind === "comma") {
      if (stack.length === 0) fail('has "," outside a function call');
      else if (expectOperand) fail('has an empty argument before ","');
      expectOperand = true;
    } else if (expectOperand && prefix) {
      // A sign or NOT before an operand.
    } else if (expectOperand) {
      const afterOperator = previous && (previous.kind === "op" || INFIX_WORDS.has(previous.text) || PREFIX_WORDS.has(previous.text));
      fail(afterOperator ? `has two operators in a row ("${previous!.text}" and "${t.text}")` : `starts with the operator "${t.text}"`,
        "put an id, a number or a function call between operators");
    } else {
      expectOperand = true;
    }
    previous = t;
  });
  if (stack.length > 0) fail("has unbalanced parentheses");
  else if (expectOperand && previous) fail(`ends with "${previous.text}"`, "an operand is missing at the end");
  return [...grammar, ...problems.filter((p, i) => problems.findIndex((q) => q.message === p.message) === i)];
}
