const DATE_TIME = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
const DATE = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });
const PRECISE = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'medium' });
const RELATIVE = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' });

const RELATIVE_UNITS: ReadonlyArray<[Intl.RelativeTimeFormatUnit, number]> = [
  ['year', 365 * 24 * 60 * 60 * 1000],
  ['month', 30 * 24 * 60 * 60 * 1000],
  ['day', 24 * 60 * 60 * 1000],
  ['hour', 60 * 60 * 1000],
  ['minute', 60 * 1000],
];

export const DAY_MS = 24 * 60 * 60 * 1000;

export function formatDateTime(iso: string): string {
  return DATE_TIME.format(new Date(iso));
}

/** With seconds, for the audit log, where the order of events matters. */
export function formatPreciseDateTime(iso: string): string {
  return PRECISE.format(new Date(iso));
}

/** The minute a counted audit event covers: "Dec 1, 2026, 10:41 (1 min)". */
export function formatMinute(iso: string): string {
  return `${DATE_TIME.format(new Date(iso))} (1 min)`;
}

/** "3 minutes ago", "in 5 days"; under a minute is "just now". */
export function formatRelative(iso: string, now: number): string {
  const delta = Date.parse(iso) - now;
  for (const [unit, ms] of RELATIVE_UNITS) {
    if (Math.abs(delta) >= ms) return RELATIVE.format(Math.trunc(delta / ms), unit);
  }
  return 'just now';
}

export function formatDate(iso: string): string {
  return DATE.format(new Date(iso));
}

/** `YYYY-MM-DD` of a moment in local time, the format date inputs and DatePicker use. */
export function localIsoDate(at: Date): string {
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())}`;
}

/** Local midnight at the start of a `YYYY-MM-DD` day, or null if it is not a real date. */
export function startOfLocalDay(isoDate: string): Date | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(isoDate);
  if (!match) return null;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(year, month - 1, day);
  return date.getFullYear() === year && date.getMonth() === month - 1 && date.getDate() === day ? date : null;
}
