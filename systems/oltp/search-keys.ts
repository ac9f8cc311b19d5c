/**
 * The normalised forms the crm searches customers by (columns `email_key`, `phone_key`,
 * `last_name_key`, `full_name_key`, migration 005): the same functions fill the columns (the
 * migration, the seed) and normalise a search term, so a term and a stored value meet in an index.
 */

/** An e-mail address compared case-insensitively: trimmed and lower-cased. */
export function emailKey(email: string): string {
  return email.trim().toLowerCase();
}

/**
 * A phone number as digits in international form: spaces, dashes, dots, slashes and parentheses
 * dropped, a leading `+` or `00` (international prefix) dropped: `+49 30 1234567`, `0049-30-1234567`
 * and `(0049) 30 123 45 67` are all `49301234567`. Anything but digits left over yields null: not a phone number.
 */
export function phoneKey(phone: string): string | null {
  const compact = phone.trim().replace(/[\s\-./()]/g, '');
  const digits = compact.startsWith('+') ? compact.slice(1) : compact.startsWith('00') ? compact.slice(2) : compact;
  return /^\d+$/.test(digits) ? digits : null;
}

const FOLDED: Record<string, string> = { ß: 'ss', æ: 'ae', œ: 'oe', ø: 'o', đ: 'd', ł: 'l', þ: 'th' };

/**
 * A name compared case- and accent-insensitively: lower-cased, accents dropped (`Müller` → `muller`,
 * `Ståhl` → `stahl`, `ß` → `ss`), every run of other characters (hyphens, apostrophes, spaces) one space.
 * Only `a`–`z`, digits and single spaces remain, so a prefix range over the column is plain byte order.
 */
export function nameKey(name: string): string {
  return name
    .toLowerCase()
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .replace(/[ßæœøđłþ]/g, (c) => FOLDED[c] ?? c)
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

/** The search keys of one customer row, as the columns hold them. */
export function customerSearchKeys(row: { first_name: string; last_name: string; email: string; phone: string | null }) {
  return {
    email_key: emailKey(row.email),
    phone_key: row.phone === null ? null : phoneKey(row.phone),
    last_name_key: nameKey(row.last_name),
    full_name_key: nameKey(`${row.first_name} ${row.last_name}`),
  };
}
