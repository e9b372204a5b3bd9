/** Plain-text tables with columns padded to their widest cell. */
export function table(rows: string[][], options: { indent?: number; alignRight?: number[] } = {}): string[] {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, cell.length)));
  const pad = " ".repeat(options.indent ?? 0);
  return rows.map((row) =>
    pad +
    row
      .map((cell, i) => {
        if (i === row.length - 1 && !options.alignRight?.includes(i)) return cell;
        return options.alignRight?.includes(i) ? cell.padStart(widths[i]) : cell.padEnd(widths[i]);
      })
      .join("  "),
  );
}
