/**
 * The diff as a pull-request comment: per stack, dangerous changes first, then alerts added,
 * removed and changed field by field, then the other resources counted. Kept under a size
 * limit (GitHub refuses comments over 65,536 characters) with a note of what was cut.
 */
import { sortKeys, type Json } from "../plan/plan";
import type { Alert } from "./alerts";
import { hasAlertChanges, type StackDiff } from "./diff";

/** Marks the comment so that CI updates its own comment instead of adding one per push. */
export const COMMENT_MARKER = "<!-- servio-monitoring:diff -->";

/** Default size limit of the Markdown, in characters: under GitHub's 65,536 with room to spare. */
export const MAX_MARKDOWN = 60_000;

export interface MarkdownOptions {
  /** The base the plans were compared with, shown in the title (`main`). */
  base: string;
  /** @default MAX_MARKDOWN */
  limit?: number;
}

/** One line of the document, with the stack it belongs to (for the note of what was cut). */
interface Line {
  text: string;
  stack?: string;
}

export function renderDiffMarkdown(diffs: StackDiff[], options: MarkdownOptions): string {
  const head: Line[] = [
    { text: COMMENT_MARKER },
    { text: `## Monitoring changes against \`${options.base}\`` },
  ];
  const body = diffs.flatMap((d) => stackLines(d).map((text) => ({ text, stack: d.stack })));
  return fit(head, body, options.limit ?? MAX_MARKDOWN);
}

function stackLines(d: StackDiff): string[] {
  const presence = { both: "", added: " (new stack)", removed: " (stack removed)" }[d.presence];
  const lines = ["", `### Stack \`${d.stack}\`${presence}`];
  if (!hasAlertChanges(d)) lines.push("", "No alert changes.");
  if (d.dangerous.length) {
    lines.push("", `#### ⚠️ Dangerous changes (${d.dangerous.length})`);
    lines.push(...d.dangerous.map((x) => `- **${x.message}**`));
  }
  if (d.added.length) {
    lines.push("", `#### Alerts added (${d.added.length})`);
    lines.push(...d.added.map((a) => `- ${alertLine(a)}`));
  }
  if (d.removed.length) {
    lines.push("", `#### Alerts removed (${d.removed.length})`);
    lines.push(...d.removed.map((a) => `- ${alertLine(a)}`));
  }
  if (d.changed.length) {
    lines.push("", `#### Alerts changed (${d.changed.length})`);
    for (const c of d.changed) {
      const title = c.renamed
        ? `\`${c.before.name}\` renamed to \`${c.after.name}\``
        : `\`${c.after.name}\``;
      lines.push(`- ${title} (${c.after.service || "no service"})`);
      const fields = c.fields.filter((f) => !(c.renamed && f.field === "name"));
      lines.push(...fields.map((f) => `  - ${f.field}: ${f.before} -> ${f.after}`));
    }
  }
  const total = d.resources.reduce((n, r) => n + r.created + r.deleted + r.updated, 0);
  if (total > 0) {
    lines.push("", `#### Other resources (${total} changed)`, "");
    lines.push("| type | created | deleted | updated |", "|---|--:|--:|--:|");
    lines.push(...d.resources.map((r) => `| \`${r.type}\` | ${r.created} | ${r.deleted} | ${r.updated} |`));
  }
  return lines;
}

/**
 * `` `servio/prod/orders/uptime` (orders, critical): Uptime check failing (…) < 1,
 * 2 of 2 × 1 min; routes page; runbook … ``
 */
function alertLine(a: Alert): string {
  const routes = a.routes.length ? `routes ${a.routes.join(", ")}` : "routes nobody";
  const runbook = a.runbook ? `runbook ${a.runbook}` : "no runbook";
  const who = `${a.service || "no service"}, ${a.severity || "no severity"}`;
  return `\`${a.name}\` (${who}): ${a.watches} ${a.condition}, ${a.window}; ${routes}; ${runbook}`;
}

/** Joins the lines, cutting whole lines at the end when over the limit, with a note. */
function fit(head: Line[], body: Line[], limit: number): string {
  const all = [...head, ...body];
  const full = `${all.map((l) => l.text).join("\n")}\n`;
  if (full.length <= limit) return full;

  const kept: string[] = head.map((l) => l.text);
  let size = kept.join("\n").length + 1;
  const reserve = 400; // room for the note
  let i = 0;
  for (; i < body.length && size + body[i].text.length + 1 <= limit - reserve; i++) {
    kept.push(body[i].text);
    size += body[i].text.length + 1;
  }
  const cut = body.slice(i);
  const stacks = [...new Set(cut.map((l) => l.stack))].join(", ");
  const under = limit.toLocaleString("en-US");
  kept.push("", `_Cut: ${cut.length} more lines (stacks: ${stacks}) to stay under ${under} characters. ` +
    "Run `npm run diff` locally for the whole diff._");
  return `${kept.join("\n")}\n`;
}

/** The diff for tools: every field, stable key order. */
export function renderDiffJson(diffs: StackDiff[], base: string): string {
  return `${JSON.stringify(sortKeys({ base, stacks: diffs } as unknown as Json), null, 2)}\n`;
}
