/**
 * MySQL (with dateStrings) and SQLite hand back the same stored text for dates,
 * but decimals come back as strings from MySQL and as numbers from SQLite. These
 * turn either into what the API promises.
 */

const PLAIN_DATE_TIME = /^\d{4}-\d\d-\d\d[ T]\d\d:\d\d:\d\d$/;

/** `2024-05-01 10:30:00` → `2024-05-01T10:30:00.000Z` (the systems store UTC). */
export function isoDateTime(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return value.toISOString();
  const text = String(value);
  // The columns' usual shape, rewritten without a Date: pages of rows carry hundreds of these.
  if (PLAIN_DATE_TIME.test(text)) return `${text.slice(0, 10)}T${text.slice(11)}.000Z`;
  return new Date(/[zZ]|[+-]\d\d:\d\d$/.test(text) ? text : `${text.replace(' ', 'T')}Z`).toISOString();
}

/** A DATE column → `YYYY-MM-DD`. */
export function isoDate(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  return String(value).slice(0, 10);
}

/** A DECIMAL column → a decimal string with a fixed number of places; never a float in the API. */
export function decimalString(value: unknown, places = 2): string {
  if (typeof value === 'number') return value.toFixed(places);
  const text = String(value);
  const [whole, fraction = ''] = text.split('.');
  return places === 0 ? whole : `${whole}.${fraction.padEnd(places, '0').slice(0, places)}`;
}

export function bool(value: unknown): boolean {
  return value === true || value === 1 || value === '1';
}
