/**
 * Reading user files: YAML parsed with positions kept, and schema issues turned into
 * problems that name the file, the key path and the line.
 */
import { isMap, isNode, isScalar, isSeq, LineCounter, parseDocument, type Document } from "yaml";
import type { z } from "zod";

import { didYouMean, type Problem, suggestion } from "./problems";

export type KeyPath = readonly (string | number)[];

/** A parsed YAML file that can still tell the line of any key path. */
export class SourceFile {
  constructor(
    readonly file: string,
    readonly data: unknown,
    private readonly doc: Document | undefined,
    private readonly lines: LineCounter | undefined,
  ) {}

  /** A source for data that did not come from a file the user can open at a line. */
  static detached(file: string, data: unknown): SourceFile {
    return new SourceFile(file, data, undefined, undefined);
  }

  /** Line of the key (or of the closest existing ancestor) at `path`. */
  lineOf(path: KeyPath): number | undefined {
    if (!this.doc || !this.lines) return undefined;
    for (let n = path.length; n >= 0; n--) {
      const offset = this.offsetOf(path.slice(0, n));
      if (offset !== undefined) return this.lines.linePos(offset).line;
    }
    return undefined;
  }

  problem(path: KeyPath, message: string, hint?: string): Problem {
    return { file: this.file, path: formatPath(path), line: this.lineOf(path), message, hint };
  }

  private offsetOf(path: KeyPath): number | undefined {
    if (path.length === 0) return this.doc?.contents?.range?.[0];
    const parent = path.length === 1 ? this.doc?.contents : this.doc?.getIn(path.slice(0, -1), true);
    const last = path[path.length - 1];
    if (isMap(parent)) {
      const pair = parent.items.find((p) => isScalar(p.key) && p.key.value === last);
      if (pair && isNode(pair.key)) return pair.key.range?.[0];
    }
    if (isSeq(parent) && typeof last === "number") {
      const item = parent.items[last];
      if (isNode(item)) return item.range?.[0];
    }
    return undefined;
  }
}

export function formatPath(path: KeyPath): string {
  return path
    .map((k, i) => (typeof k === "number" ? `[${k}]` : i === 0 ? String(k) : `.${String(k)}`))
    .join("");
}

/** Parses YAML, reporting syntax errors with their line; duplicate keys are errors too. */
export function parseYaml(file: string, text: string): { source?: SourceFile; problems: Problem[] } {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: true, uniqueKeys: true });
  if (doc.errors.length > 0) {
    const problems = doc.errors.map((e) => ({
      file,
      path: "",
      line: e.linePos?.[0].line,
      message: `YAML syntax error: ${firstLine(e.message)}`,
      hint: "check the indentation and quoting around that line",
    }));
    return { problems };
  }
  return { source: new SourceFile(file, doc.toJS({ maxAliasCount: 100 }), doc, lines), problems: [] };
}

function firstLine(message: string): string {
  return message.split("\n")[0].replace(/ at line \d+, column \d+:?$/, "");
}

/** Validates `source.data` (or the value at `base`) with a zod schema, as problems. */
export function validate<S extends z.ZodType>(
  source: SourceFile,
  schema: S,
  value: unknown = source.data,
  base: KeyPath = [],
): { value?: z.infer<S>; problems: Problem[] } {
  const result = schema.safeParse(value, { reportInput: true });
  if (result.success) return { value: result.data, problems: [] };
  if (base.length === 0 && (value === null || value === undefined)) {
    // An empty file parses to null: say so, and what the file is for, not "found null".
    const hint = schema.description ? `it should hold ${schema.description}` : undefined;
    return { problems: [source.problem([], "the file is empty", hint)] };
  }
  const problems = result.error.issues.flatMap((issue) => issueProblems(source, issue, base, schema, value));
  return { problems };
}

function issueProblems(
  source: SourceFile,
  issue: z.core.$ZodIssue,
  base: KeyPath,
  schema: z.ZodType,
  value: unknown,
): Problem[] {
  const path: KeyPath = [...base, ...(issue.path as (string | number)[])];
  switch (issue.code) {
    case "unrecognized_keys": {
      const allowed = allowedKeys(schema, value, issue.path as (string | number)[]);
      return issue.keys.map((key) =>
        source.problem([...path, key], `unknown key "${key}"`, suggestion(key, allowed)),
      );
    }
    case "invalid_type": {
      if (issue.input === undefined) {
        return [source.problem(path, `is missing (expected ${describeExpected(issue.expected)})`)];
      }
      const found = describeFound(issue.input);
      return [source.problem(path, `expected ${describeExpected(issue.expected)}, found ${found}`)];
    }
    case "invalid_value": {
      const allowed = issue.values.map((v) => JSON.stringify(v));
      const found = describeFound(issue.input);
      // A short list is worth reading in full even when a close value is suggested.
      const close = typeof issue.input === "string" ? didYouMean(issue.input, issue.values.map(String)) : undefined;
      const list = `allowed: ${allowed.join(", ")}`;
      const hint = close === undefined
        ? list
        : `did you mean "${close}"?${allowed.length <= 10 ? ` (${list})` : ""}`;
      return [source.problem(path, `${found} is not allowed`, hint)];
    }
    case "too_small":
    case "too_big":
      return [source.problem(path, `${rangeMessage(issue)}, found ${describeFound(issue.input)}`)];
    case "invalid_key": {
      // The key's own schema says what a key must look like (its regex's message).
      const rule = issue.issues
        .map((i) => (i.code === "too_small" || i.code === "too_big" ? rangeMessage(i) : i.message))
        .find((m) => m && !/^(Invalid|Too (small|big))/.test(m));
      const key = JSON.stringify(String(issue.input));
      return [source.problem(path, rule ? `key ${key} ${rule}` : `key ${key} is not allowed`)];
    }
    case "invalid_union": {
      const note = issue as { discriminator?: string; options?: unknown[] };
      if (note.discriminator && note.options) {
        const options = note.options.map(String);
        const found = (issue.input as Record<string, unknown> | undefined)?.[note.discriminator];
        const message = issue.message.startsWith("Invalid discriminator")
          ? `${describeFound(found)} is not an allowed ${note.discriminator}`
          : issue.message;
        const close = typeof found === "string" ? didYouMean(found, options) : undefined;
        const allowed = options.map((o) => `"${o}"`).join(", ");
        return [source.problem(path, message, `${close ? `did you mean "${close}"? ` : ""}allowed ${note.discriminator}s: ${allowed}`)];
      }
      const nested = issue.errors.flat();
      const values = nested.flatMap((i) => (i.code === "invalid_value" ? i.values : []));
      if (values.length > 0 && values.length === nested.length) {
        const allowed = values.map((v) => JSON.stringify(v)).join(", ");
        return [source.problem(path, `${describeFound(issue.input)} is not allowed`, `allowed: ${allowed}`)];
      }
      return [source.problem(path, `${describeFound(issue.input)} ${issue.message.toLowerCase()}`)];
    }
    default: {
      // A refinement may carry its hint: `ctx.addIssue({ ..., params: { hint } })`.
      const hint = issue.code === "custom" ? (issue.params as { hint?: string } | undefined)?.hint : undefined;
      return [source.problem(path, `${issue.message}${foundSuffix(issue)}`, hint)];
    }
  }
}

/** Keys the object schema at `path` accepts, found by walking the schema along the data. */
function allowedKeys(schema: z.ZodType, value: unknown, path: (string | number)[]): string[] {
  let current: unknown = schema;
  let data = value;
  for (const key of [...path, undefined]) {
    current = unwrap(current, data);
    const def = (current as { _zod?: { def?: Record<string, unknown> } })?._zod?.def;
    if (!def) return [];
    if (key === undefined) {
      if (def.type === "object") return Object.keys(def.shape as object);
      // A record keyed by an enum (z.partialRecord(z.enum(...))) allows the enum's values.
      if (def.type === "record") return enumValues(def.keyType);
      return [];
    }
    data = (data as Record<string | number, unknown> | undefined)?.[key];
    if (def.type === "object") current = (def.shape as Record<string, unknown>)[String(key)];
    else if (def.type === "array") current = def.element;
    else if (def.type === "record") current = def.valueType;
    else return [];
  }
  return [];
}

function enumValues(schema: unknown): string[] {
  const def = (schema as { _zod?: { def?: Record<string, unknown> } })?._zod?.def;
  if (def?.type === "enum") return Object.values(def.entries as Record<string, string>).map(String);
  if (def?.type === "literal") return (def.values as unknown[]).map(String);
  return [];
}

/** Looks through optional, default and union wrappers to the schema that applies to `data`. */
function unwrap(schema: unknown, data: unknown): unknown {
  for (let i = 0; i < 10; i++) {
    const def = (schema as { _zod?: { def?: Record<string, unknown> } })?._zod?.def;
    if (!def) return schema;
    if (["optional", "default", "nullable", "prefault", "readonly"].includes(String(def.type))) {
      schema = def.innerType;
    } else if (def.type === "pipe") {
      schema = def.in;
    } else if (def.type === "union") {
      const options = def.options as z.ZodType[];
      schema = options.find((o) => o.safeParse(data).success) ?? options.find((o) => matchesDiscriminator(o, def, data)) ?? options[0];
    } else {
      return schema;
    }
  }
  return schema;
}

function matchesDiscriminator(option: z.ZodType, def: Record<string, unknown>, data: unknown): boolean {
  const key = def.discriminator as string | undefined;
  if (!key || typeof data !== "object" || data === null) return false;
  const shape = (option as unknown as { _zod: { def: { shape?: Record<string, z.ZodType> } } })._zod.def.shape;
  return shape?.[key]?.safeParse((data as Record<string, unknown>)[key]).success ?? false;
}

function rangeMessage(issue: z.core.$ZodIssueTooSmall | z.core.$ZodIssueTooBig): string {
  const small = issue.code === "too_small";
  const bound = small ? (issue as z.core.$ZodIssueTooSmall).minimum : (issue as z.core.$ZodIssueTooBig).maximum;
  const inclusive = issue.inclusive !== false;
  const op = small ? (inclusive ? "at least" : "more than") : inclusive ? "at most" : "less than";
  switch (issue.origin) {
    case "string":
      return `must be ${op} ${bound} characters long`;
    case "array":
      return `must have ${op} ${bound} ${Number(bound) === 1 ? "item" : "items"}`;
    default:
      return `must be ${op} ${bound}`;
  }
}

function foundSuffix(issue: z.core.$ZodIssue): string {
  return "input" in issue && issue.input !== undefined ? `, found ${describeFound(issue.input)}` : "";
}

function describeExpected(expected: string): string {
  const words: Record<string, string> = { object: "a mapping", array: "a list", int: "an integer", record: "a mapping" };
  return words[expected] ?? (/^[aeiou]/.test(expected) ? `an ${expected}` : `a ${expected}`);
}

/** A short rendering of a user's value for a message. */
export function describeFound(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return `a list of ${value.length}`;
  if (typeof value === "object") return "a mapping";
  if (typeof value === "string") return JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value);
  return `${typeof value} ${String(value)}`;
}
