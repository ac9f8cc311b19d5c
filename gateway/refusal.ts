import { GraphQLError } from 'graphql';
import { ErrorCode } from '../contracts/error-codes';
import type { ClientKind } from '../policy/policy';

/**
 * A verified caller's request refused before anything ran (reject mode, introspection,
 * limits, caps). Thrown from Apollo plugins; the refusal audit plugin records it.
 */
export class RequestRefusedError extends GraphQLError {
  constructor(
    message: string,
    readonly code: string,
    status: number,
    /** Schema coordinates the refusal is about (recorded, never shown beyond `extensions`). */
    readonly coordinates: string[] = [],
    extensions: Record<string, unknown> = {},
  ) {
    super(message, { extensions: { code, http: { status }, ...extensions } });
  }
}

/** Over a limit: first-party callers are told which, partners only that they hit one. */
export function operationTooLarge(kind: ClientKind, violations: string[]): RequestRefusedError {
  const message =
    kind === 'partner'
      ? 'The operation exceeds the limits agreed for this client'
      : `The operation exceeds the limits: ${violations.join(' ')}`;
  return new RequestRefusedError(message, ErrorCode.OperationTooLarge, 400);
}

/** More customers than the caller's purpose allows in one request: refused, with the numbers for first-party callers only. */
export function customerLimitExceeded(kind: ClientKind, estimated: number, cap: number): RequestRefusedError {
  const message =
    kind === 'partner'
      ? 'The operation can return more customers than agreed for this client'
      : `The operation can return the data of up to ${estimated} customers; one request may return at most ${cap} for this purpose`;
  return new RequestRefusedError(message, ErrorCode.CustomerLimitExceeded, 400);
}
