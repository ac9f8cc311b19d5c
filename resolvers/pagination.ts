import { UserInputError } from './errors';

export interface PageSizeRule {
  argumentName: string;
  max: number;
}

/** Checks a `first` argument; the caller's value is echoed, never interpreted further. */
export function checkPageSize(first: number, rule: PageSizeRule): number {
  if (!Number.isInteger(first) || first < 1 || first > rule.max) {
    throw new UserInputError(`${rule.argumentName} must be between 1 and ${rule.max}`, rule.argumentName);
  }
  return first;
}

const CURSOR_PREFIX = 'k1:';

/** An opaque keyset cursor around the last id of a page. */
export function encodeCursor(lastId: number): string {
  return Buffer.from(`${CURSOR_PREFIX}${lastId}`).toString('base64url');
}

export function decodeCursor(cursor: string, argumentName = 'after'): number {
  const text = /^[A-Za-z0-9_-]{1,64}$/.test(cursor) ? Buffer.from(cursor, 'base64url').toString('utf8') : '';
  const id = text.startsWith(CURSOR_PREFIX) ? text.slice(CURSOR_PREFIX.length) : '';
  if (!/^\d{1,15}$/.test(id)) throw new UserInputError(`${argumentName} is not a cursor this API issued`, argumentName);
  return Number(id);
}
