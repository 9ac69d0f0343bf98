/** A plain-text table for the terminal: a header row, then one row per item, columns aligned with two spaces. */

/**
 * The rows under their header, each column as wide as its widest cell; the last column is not
 * padded (no trailing blanks). Cells holding a line break are cut at it, so a row stays one line.
 */
export function formatTable(header: readonly string[], rows: readonly (readonly string[])[], indent = ''): string {
  const lines = [header, ...rows].map((row) => header.map((_, i) => oneLine(row[i] ?? '')));
  const widths = header.map((_, i) => Math.max(...lines.map((row) => row[i]!.length)));
  return lines
    .map(
      (row) =>
        indent +
        row
          .map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i]!)))
          .join('  ')
          .trimEnd(),
    )
    .join('\n')
    .concat('\n');
}

function oneLine(cell: string): string {
  const cut = cell.search(/[\r\n]/);
  return cut < 0 ? cell : `${cell.slice(0, cut)}…`;
}
