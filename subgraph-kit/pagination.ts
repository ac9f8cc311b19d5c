import { UserInputError } from '../contracts/errors';

interface PageSizeRule {
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

/**
 * Checks an `offset` argument (how many of the newest to skip, 0 to `max`), so a client can read a
 * whole list a page at a time with `first` + `offset`. Never a slicing argument: the page is still
 * at most `first` long.
 */
export function checkOffset(offset: number, rule: PageSizeRule): number {
  if (!Number.isInteger(offset) || offset < 0 || offset > rule.max) {
    throw new UserInputError(`${rule.argumentName} must be between 0 and ${rule.max}`, rule.argumentName);
  }
  return offset;
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

/**
 * How long a list field's answer can be, as Federation's demand control reads it
 * (`@listSize`): by the value of its slicing argument (defaults count), or an assumed size
 * for a list no argument bounds. The gateway estimates an operation's cost and the
 * customers it can return from these before anything is planned.
 */
export const listSize = {
  slicedBy: (argument: string) => `@listSize(slicingArguments: ["${argument}"], requireOneSlicingArgument: false)`,
  /** A page type: `sizedFields` take the slicing argument's size (`customers(first: 100) { nodes }`). */
  page: (argument: string, sizedField: string) =>
    `@listSize(slicingArguments: ["${argument}"], sizedFields: ["${sizedField}"], requireOneSlicingArgument: false)`,
  assumed: (size: number) => `@listSize(assumedSize: ${size})`,
};
