export type CsvColumn<T> = { header: string; value: (row: T) => string | null };

// Spreadsheets run cells that start with these as formulas (OWASP, "CSV Injection") — also after
// leading spaces, tabs, no-break or zero-width spaces, which some of them skip — and audit cells
// can carry caller input (a poll id from a path, say): such cells get a leading quote, so they
// stay plain text. Full-width forms are included, as some spreadsheets read them as operators.
const FORMULA_START = /^[\s\u200b-\u200d\u2060\ufeff]*[=+\-@\t\r\n\uff1d\uff0b\uff0d\uff20]/u;

export function csvCell(value: string | null): string {
  const text = value === null ? '' : FORMULA_START.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) || text !== text.trim() ? `"${text.replace(/"/g, '""')}"` : text;
}

/** RFC 4180 CSV: a header row, CRLF line ends, fields quoted when they need to be. */
export function toCsv<T>(rows: readonly T[], columns: readonly CsvColumn<T>[]): string {
  const lines = [columns.map((c) => csvCell(c.header)), ...rows.map((row) => columns.map((c) => csvCell(c.value(row))))];
  return lines.map((cells) => cells.join(',')).join('\r\n') + '\r\n';
}
