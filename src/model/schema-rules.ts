/**
 * Rules several schemas share: lists whose entries name resources (each entry once), the
 * `{env}` placeholder, URLs that end up in AWS tags and health-check URLs.
 */
import { z } from "zod";

/**
 * A list whose entries must be distinct (by `key`): a repeated entry would declare the same
 * resource or alarm twice, which `pulumi up` refuses as a duplicate URN.
 */
export function distinct<T extends z.ZodType>(item: T, key: (v: z.infer<T>) => string = String, what = "") {
  return z.array(item).superRefine((list, ctx) => {
    const seen = new Map<string, number>();
    list.forEach((v, i) => {
      const k = key(v);
      const first = seen.get(k);
      if (first === undefined) {
        seen.set(k, i);
        return;
      }
      const hint = `entry ${first + 1} already lists it; remove one${what ? ` (each ${what} once)` : ""}`;
      ctx.addIssue({ code: "custom", message: `lists "${k}" twice`, path: [i], input: undefined, params: { hint } });
    });
  });
}

/** `{env}` is the only placeholder; `{Env}` or `{stack}` would otherwise be kept literally. */
export const PLACEHOLDER = "{env}";

/** Issues for every `{…}` other than `{env}` in the strings (and mapping keys) of `value`. */
export function checkPlaceholders(value: unknown, ctx: z.RefinementCtx, path: (string | number)[] = []): void {
  const check = (text: string, at: (string | number)[]) => {
    for (const m of text.match(/\{[^{}]*\}/g) ?? []) {
      if (m === PLACEHOLDER) continue;
      const hint = `did you mean "${PLACEHOLDER}"? (${PLACEHOLDER} is the only placeholder)`;
      ctx.addIssue({ code: "custom", message: `unknown placeholder "${m}"`, path: at, input: undefined, params: { hint } });
    }
  };
  if (typeof value === "string") check(value, path);
  else if (Array.isArray(value)) value.forEach((v, i) => checkPlaceholders(v, ctx, [...path, i]));
  else if (value && typeof value === "object") {
    for (const [k, v] of Object.entries(value)) {
      check(k, [...path, k]);
      checkPlaceholders(v, ctx, [...path, k]);
    }
  }
}

/** What AWS accepts in a tag value (and key): letters, spaces, digits and `_ . : / = + - @`. */
export const AWS_TAG_CHARS = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u;
export const AWS_TAG_VALUE_MAX = 256;
export const AWS_TAG_KEY_MAX = 128;

/** The characters of `text` an AWS tag cannot hold, each once, quoted. */
export function badTagChars(text: string): string[] {
  return [...new Set([...text].filter((c) => !AWS_TAG_CHARS.test(c)))].map((c) => JSON.stringify(c));
}

function httpsIssues(v: string, ctx: z.RefinementCtx): URL | undefined {
  const authority = /^https:\/\/([^/?#]*)/i.exec(v)?.[1];
  const port = authority ? /:(\d+)$/.exec(authority)?.[1] : undefined;
  if (port !== undefined && (Number(port) < 1 || Number(port) > 65535)) {
    ctx.addIssue({ code: "custom", message: `port ${port} is out of range (1 to 65535)`, input: undefined });
    return undefined;
  }
  if (!URL.canParse(v) || new URL(v).protocol !== "https:") {
    ctx.addIssue({ code: "custom", message: "must be an https:// URL", input: v });
    return undefined;
  }
  if (!authority) {
    ctx.addIssue({ code: "custom", message: "has no host name after https://", input: v });
    return undefined;
  }
  return new URL(v);
}

/** An https:// URL (a port out of range is named as such). */
export const httpsUrl = z.string().superRefine((v, ctx) => void httpsIssues(v, ctx));

/**
 * A URL that is copied into AWS tags (the runbook): it must fit a tag value, or every alarm
 * and log group carrying it fails at `pulumi up`.
 */
export const taggableHttpsUrl = z.string().superRefine((v, ctx) => {
  if (!httpsIssues(v, ctx)) return;
  const hint = "link a page without a query string or fragment, or a short link";
  const bad = badTagChars(v);
  if (bad.length > 0) {
    const message = `contains ${bad.join(", ")}, which an AWS tag value cannot hold (the runbook is copied into the tags of alarms and log groups)`;
    ctx.addIssue({ code: "custom", message, input: undefined, params: { hint } });
  }
  if (v.length > AWS_TAG_VALUE_MAX) {
    const message = `is ${v.length} characters long; an AWS tag value holds at most ${AWS_TAG_VALUE_MAX} (the runbook is copied into the tags of alarms and log groups)`;
    ctx.addIssue({ code: "custom", message, input: undefined, params: { hint } });
  }
});

const DNS_LABEL = /^[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;

/** The URL of a health endpoint Route 53 checks: https, a DNS host name, no user info. */
export const healthUrl = z.string().superRefine((v, ctx) => {
  const url = httpsIssues(v, ctx);
  if (!url) return;
  if (url.username || url.password || /^https:\/\/[^/?#]*@/i.test(v)) {
    const hint = "a Route 53 health check sends no credentials; check a public health endpoint";
    ctx.addIssue({ code: "custom", message: "must not contain a user name or password", input: undefined, params: { hint } });
    return;
  }
  const host = url.hostname.replace(/\.$/, "");
  const labels = host.split(".");
  const bad = labels.find((l) => !DNS_LABEL.test(l));
  if (host.length > 253 || bad !== undefined) {
    const why = host.length > 253
      ? `is ${host.length} characters long (at most 253)`
      : bad === "" ? "has an empty label" : `has the label "${bad}"`;
    const hint = "each dot-separated label: 1 to 63 letters, digits and -, not starting or ending with -";
    ctx.addIssue({ code: "custom", message: `host "${host}" is not a valid DNS name: it ${why}`, input: undefined, params: { hint } });
  }
});
