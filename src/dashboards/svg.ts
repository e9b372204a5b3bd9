/**
 * A dashboard's layout as an SVG picture: the 24-column grid, each panel's box with its title,
 * type and unit, and the row headers. Pure and deterministic, so a reviewer sees a layout change
 * in a pull request without a Grafana instance.
 */

/** Pixels per grid column and per grid row (Grafana's row is 30 px high). */
const COLUMN = 40;
const ROW = 30;
const MARGIN = 16;
const HEADER = 48;
/** Roughly the width of a character per pixel of font size (bold), to cut long titles. */
const CHAR = 0.63;

type Json = Record<string, unknown>;
interface Grid { x: number; y: number; w: number; h: number }

const escape = (s: string) =>
  s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

/** `text` cut to what fits in `width` pixels at `size` px, with an ellipsis when cut. */
function fit(text: string, width: number, size = 12): string {
  const max = Math.max(1, Math.floor(width / (CHAR * size)));
  return text.length <= max ? text : `${text.slice(0, Math.max(0, max - 1))}…`;
}

/** Every panel with a grid position, rows' nested panels included (as if expanded). */
function boxes(model: Json): { panel: Json; grid: Grid }[] {
  const all: { panel: Json; grid: Grid }[] = [];
  for (const p of (model.panels as Json[] | undefined) ?? []) {
    for (const q of [p, ...((p.panels as Json[] | undefined) ?? [])]) {
      if (q.gridPos) all.push({ panel: q, grid: q.gridPos as Grid });
    }
  }
  return all;
}

/** One SVG element, its attributes in the order given, its text escaped. */
function el(name: string, attrs: Record<string, string | number>, text?: string): string {
  const a = Object.entries(attrs).map(([k, v]) => ` ${k}="${v}"`).join("");
  return text === undefined ? `<${name}${a}/>` : `<${name}${a}>${escape(text)}</${name}>`;
}

const INK = "#22252b";
const MUTED = "#6e7077";

/** The SVG document of a dashboard's layout. */
export function renderLayout(model: Json): string {
  const panels = boxes(model);
  const rows = Math.max(1, ...panels.map(({ grid }) => grid.y + grid.h));
  const width = 24 * COLUMN + 2 * MARGIN;
  const height = HEADER + rows * ROW + 2 * MARGIN;
  const top = HEADER + MARGIN;
  const px = (g: Grid) => ({ x: MARGIN + g.x * COLUMN, y: top + g.y * ROW, w: g.w * COLUMN, h: g.h * ROW });
  const drawn = panels.filter((p) => p.panel.type !== "row").length;

  const out: string[] = [];
  out.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" ` +
    `viewBox="0 0 ${width} ${height}" font-family="Helvetica, Arial, sans-serif">`);
  out.push(el("rect", { width, height, fill: "#f4f5f5" }));
  const title = fit(String(model.title ?? ""), width - 2 * MARGIN, 16);
  out.push(el("text", { x: MARGIN, y: 24, "font-size": 16, "font-weight": "bold", fill: INK }, title));
  const subtitle = `uid ${String(model.uid ?? "")} · ${drawn} panels · 24-column grid`;
  out.push(el("text", { x: MARGIN, y: 40, "font-size": 11, fill: MUTED }, subtitle));

  // The grid's columns, faint, so a reviewer can count widths.
  for (let c = 0; c <= 24; c++) {
    const x = MARGIN + c * COLUMN;
    const weight = c % 6 === 0 ? 1 : 0.5;
    out.push(el("line", { x1: x, y1: top, x2: x, y2: top + rows * ROW, stroke: "#dcdee0", "stroke-width": weight }));
  }

  for (const { panel, grid } of panels) {
    const b = px(grid);
    const name = String(panel.title ?? "(untitled)");
    if (panel.type === "row") {
      out.push(el("rect", { x: b.x, y: b.y + 4, width: b.w, height: b.h - 8, fill: "#d8dbe0" }));
      const text = `▾ ${fit(name, b.w - 24, 13)}`;
      out.push(el("text", { x: b.x + 6, y: b.y + ROW / 2 + 4, "font-size": 13, "font-weight": "bold", fill: INK }, text));
      continue;
    }
    const unit = ((panel.fieldConfig as Json | undefined)?.defaults as Json | undefined)?.unit;
    const n = ((panel.targets as unknown[] | undefined) ?? []).length;
    const detail = `${String(panel.type ?? "?")}${unit ? ` · ${String(unit)}` : ""} · ${n} ${n === 1 ? "query" : "queries"}`;
    const box = { x: b.x + 2, y: b.y + 2, width: b.w - 4, height: b.h - 4, rx: 3, fill: "#ffffff", stroke: "#8e9197" };
    out.push(el("rect", box));
    out.push(el("text", { x: b.x + 8, y: b.y + 18, "font-size": 12, "font-weight": "bold", fill: INK }, fit(name, b.w - 16)));
    out.push(el("text", { x: b.x + 8, y: b.y + 32, "font-size": 10, fill: MUTED }, fit(detail, b.w - 16, 10)));
    const where = `${grid.x},${grid.y} ${grid.w}×${grid.h}`;
    const corner = { x: b.x + b.w - 8, y: b.y + b.h - 8, "font-size": 9, fill: "#a0a3a8", "text-anchor": "end" };
    out.push(el("text", corner, where));
  }
  out.push("</svg>");
  return `${out.join("\n")}\n`;
}

/** The file a dashboard's picture goes to: its uid, which is unique and file-name safe. */
export function layoutFileName(uid: string): string {
  return `${uid.replace(/[^A-Za-z0-9_-]/g, "-")}.svg`;
}
