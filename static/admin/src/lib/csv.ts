export type CsvColumn<T> = { header: string; value: (row: T) => string | null };

// Spreadsheets run cells that start with these as formulas; audit cells can carry caller input
// (a workspace parameter, say), so such cells are prefixed with a quote to stay plain text.
const FORMULA_START = /^[=+\-@\t\r]/;

export function csvCell(value: string | null): string {
  const text = value === null ? '' : FORMULA_START.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) || text !== text.trim() ? `"${text.replace(/"/g, '""')}"` : text;
}

/** RFC 4180 CSV: a header row, CRLF line ends, fields quoted when they need to be. */
export function toCsv<T>(rows: readonly T[], columns: readonly CsvColumn<T>[]): string {
  const lines = [columns.map((c) => csvCell(c.header)), ...rows.map((row) => columns.map((c) => csvCell(c.value(row))))];
  return lines.map((cells) => cells.join(',')).join('\r\n') + '\r\n';
}
