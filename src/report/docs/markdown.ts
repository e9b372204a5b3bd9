/** Small Markdown helpers: tables with escaped cells, links, inline code. */

/** A Markdown table; `|` and line breaks in cells are escaped so a cell stays one cell. */
export function mdTable(header: string[], rows: string[][]): string[] {
  const cell = (s: string) => s.replaceAll("|", "\\|").replace(/\r?\n/g, " ");
  return [
    `| ${header.map(cell).join(" | ")} |`,
    `|${header.map(() => "---").join("|")}|`,
    ...rows.map((r) => `| ${r.map(cell).join(" | ")} |`),
  ];
}

/** `[text](url)`, or `(none)` when there is no URL. */
export function mdLink(text: string, url: string | undefined): string {
  // Escaped rather than relying on the schema's tag charset (which already keeps ( ) [ ] out of
  // runbooks): this function links any URL, and a ")" or "]" would end the link early.
  const label = text.replace(/[\\[\]]/g, (c) => `\\${c}`);
  const target = url?.replace(/[()<> ]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return target ? `[${label}](${target})` : "(none)";
}

/** Inline code, safe for backticks in the text. */
export function code(text: string): string {
  return text.includes("`") ? `\`\` ${text} \`\`` : `\`${text}\``;
}

/** The line every generated page starts with, under its title. */
export function generatedNote(stack: string): string {
  return `Generated from the offline plan by \`npm run docs -- --stack ${stack}\`. Do not edit by hand: change the catalog or \`Pulumi.${stack}.yaml\` and regenerate.`;
}
