/**
 * Reading a Datadog metric monitor query: `<aggregator>(<timeframe>):<expression> <op> <number>`,
 * the grammar of Datadog's monitor API. Pure string work, shared by the monitor checks.
 */

/** Time aggregators a metric monitor query may start with. */
export const AGGREGATORS = ["avg", "sum", "min", "max", "percentile", "change", "pct_change"] as const;

/** `last_5m`, `last_4h`, `last_1d`, `last_1w`: Datadog's relative timeframes. */
const TIMEFRAME = /^last_([1-9]\d*)([mhdw])$/;
const UNIT_MINUTES: Record<string, number> = { m: 1, h: 60, d: 1440, w: 10_080 };

/** Minutes of a timeframe such as `last_15m`, or undefined when it is not one. */
export function timeframeMinutes(timeframe: string): number | undefined {
  const m = TIMEFRAME.exec(timeframe);
  return m ? Number(m[1]) * UNIT_MINUTES[m[2]] : undefined;
}

export interface ParsedQuery {
  aggregator?: string;
  timeframe?: string;
  /** The anomaly function's `alert_window`, when the query has one. */
  alertWindow?: string;
  comparison?: ">" | ">=" | "<" | "<=";
  threshold?: number;
}

/** What can be read of a query; `syntax` lists what is wrong with its shape. */
export function parseQuery(query: string): { parsed: ParsedQuery; syntax: string[] } {
  const syntax = balance(query);
  const parsed: ParsedQuery = {};
  const head = /^(\w+)\(([^)]*)\):/.exec(query);
  if (!head) {
    syntax.push('does not start with "<aggregator>(<timeframe>):", as in "avg(last_5m):"');
  } else {
    parsed.aggregator = head[1];
    parsed.timeframe = head[2];
  }
  const alert = /alert_window='([^']*)'/.exec(query);
  if (alert) parsed.alertWindow = alert[1];
  const tail = /\s(>=|<=|>|<)\s*(-?\d+(?:\.\d+)?)\s*$/.exec(query);
  if (!tail) {
    syntax.push("does not end with a comparison and a number, as in \"> 0.5\"");
  } else {
    parsed.comparison = tail[1] as ParsedQuery["comparison"];
    parsed.threshold = Number(tail[2]);
  }
  return { parsed, syntax };
}

const PAIRS: Record<string, string> = { ")": "(", "}": "{", "]": "[" };
const NAMES: Record<string, string> = { "(": "parenthesis", "{": "brace", "[": "bracket" };

/** Unbalanced parentheses, braces and brackets, and an unclosed quote, outside quotes. */
export function balance(text: string): string[] {
  const open: { char: string; at: number }[] = [];
  let quote: { char: string; at: number } | undefined;
  for (let at = 0; at < text.length; at++) {
    const c = text[at];
    if (quote) {
      if (c === quote.char) quote = undefined;
      continue;
    }
    if (c === "'" || c === '"') quote = { char: c, at };
    else if (c === "(" || c === "{" || c === "[") open.push({ char: c, at });
    else if (PAIRS[c]) {
      const last = open.pop();
      if (!last) return [`has a "${c}" at character ${at + 1} that closes nothing`];
      if (last.char !== PAIRS[c]) {
        return [`closes the ${NAMES[last.char]} "${last.char}" of character ${last.at + 1} with "${c}" at character ${at + 1}`];
      }
    }
  }
  if (quote) return [`has a quote ${quote.char} at character ${quote.at + 1} that is never closed`];
  if (open.length > 0) {
    const first = open[0];
    return [`has a ${NAMES[first.char]} "${first.char}" at character ${first.at + 1} that is never closed`];
  }
  return [];
}
