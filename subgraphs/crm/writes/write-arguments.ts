import { UserInputError } from '../../../contracts/errors';
import { IDEMPOTENCY_KEY_LENGTH } from '../../../systems/oltp/migrations/004-data-subject-requests';

/** The arguments every crm mutation takes, described and checked in one place. */
export const CUSTOMER_ID = { description: 'CRM customer number of the customer written.' };
export const IDEMPOTENCY_KEY = {
  description:
    `A key the client makes up for this request (1 to ${IDEMPOTENCY_KEY_LENGTH} letters, digits, ".", "_", ":" or "-"; a UUID, say). ` +
    'Sending it again returns the first answer and applies nothing twice; with other arguments, or by another caller, it is refused.',
};

/** Customer numbers (and the crm's record ids) are digits; anything else names nothing. */
const NUMBER = /^\d{1,15}$/;
const KEY = new RegExp(`^[A-Za-z0-9._:-]{1,${IDEMPOTENCY_KEY_LENGTH}}$`);

export function checkCustomerId(customerId: string): void {
  if (!NUMBER.test(customerId)) throw new UserInputError('customerId must be a CRM customer number (digits)', 'customerId');
}

/** A record id of the crm (an interaction, an offer): digits. */
export function checkRecordId(id: string, argumentName: string): void {
  if (!NUMBER.test(id)) throw new UserInputError(`${argumentName} must be a CRM record number (digits)`, argumentName);
}

export function checkIdempotencyKey(idempotencyKey: string): void {
  if (!KEY.test(idempotencyKey))
    throw new UserInputError(
      `idempotencyKey must be 1 to ${IDEMPOTENCY_KEY_LENGTH} letters, digits, ".", "_", ":" or "-"`,
      'idempotencyKey',
    );
}

/** Free text, trimmed: not blank, at most `max` characters, no control characters. Returns it trimmed. */
export function checkText(value: string, argumentName: string, max: number): string {
  const text = value.trim();
  if (text === '') throw new UserInputError(`${argumentName} must not be blank`, argumentName);
  if (text.length > max) throw new UserInputError(`${argumentName} must be at most ${max} characters`, argumentName);
  // biome-ignore lint/suspicious/noControlCharactersInRegex: refusing control characters is the point
  if (/[\u0000-\u001f\u007f]/.test(text)) throw new UserInputError(`${argumentName} must not contain control characters`, argumentName);
  return text;
}

/** One of a fixed list of codes. */
export function checkOneOf(value: string, argumentName: string, allowed: readonly string[]): string {
  if (!allowed.includes(value)) throw new UserInputError(`${argumentName} must be one of ${allowed.join(', ')}`, argumentName);
  return value;
}
