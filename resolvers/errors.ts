import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { unwrapResolverError } from '@apollo/server/errors';
import type { Logger } from '../platform/logger';

/** Marks a validation error about a custom scalar's value the caller wrote: formatted as BAD_USER_INPUT. */
export const INVALID_SCALAR_INPUT = 'invalidScalarInput';

/** Stable codes clients can switch on (`extensions.code`). */
export const ErrorCode = {
  BadUserInput: 'BAD_USER_INPUT',
  UpstreamUnavailable: 'UPSTREAM_UNAVAILABLE',
  SubgraphUnavailable: 'SUBGRAPH_UNAVAILABLE',
  Forbidden: 'FORBIDDEN',
  ConsentRequired: 'CONSENT_REQUIRED',
  ProcessingRestricted: 'PROCESSING_RESTRICTED',
  IntrospectionDisabled: 'INTROSPECTION_DISABLED',
  OperationTooLarge: 'OPERATION_TOO_LARGE',
  RateLimited: 'RATE_LIMITED',
  ProtectionFailed: 'PROTECTION_FAILED',
  CustomerLimitExceeded: 'CUSTOMER_LIMIT_EXCEEDED',
  Internal: 'INTERNAL_SERVER_ERROR',
} as const;

/** An argument the caller got wrong; says which one. */
export class UserInputError extends GraphQLError {
  constructor(message: string, argumentName: string) {
    super(message, { extensions: { code: ErrorCode.BadUserInput, argumentName } });
  }
}

/** A system of record did not answer; the rest of the response still comes back. */
export class UpstreamUnavailableError extends GraphQLError {
  constructor(system: string, cause?: Error) {
    super(`The ${system} is not available right now`, {
      originalError: cause,
      extensions: { code: ErrorCode.UpstreamUnavailable, system },
    });
  }
}

/** The caller may not read this field (scopes or purpose). */
export class ForbiddenFieldError extends GraphQLError {
  constructor(message = 'You may not read this field', path?: ReadonlyArray<string | number>) {
    super(message, { path, extensions: { code: ErrorCode.Forbidden } });
  }
}

/** The data subject has not consented to this use of the field. */
export class ConsentRequiredError extends GraphQLError {
  constructor(topic: string) {
    super(`The customer has not consented to ${topic} for this purpose`, { extensions: { code: ErrorCode.ConsentRequired, topic } });
  }
}

/** The data subject restricted processing (or asked for erasure); only the data-protection officer may read. */
export class ProcessingRestrictedError extends GraphQLError {
  constructor() {
    super("Processing of this customer's data is restricted", { extensions: { code: ErrorCode.ProcessingRestricted } });
  }
}

const PUBLIC_CODES = new Set<string>([
  ErrorCode.BadUserInput,
  ErrorCode.UpstreamUnavailable,
  ErrorCode.SubgraphUnavailable,
  ErrorCode.Forbidden,
  ErrorCode.ConsentRequired,
  ErrorCode.ProcessingRestricted,
  ErrorCode.IntrospectionDisabled,
  ErrorCode.OperationTooLarge,
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_REQUEST',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'OPERATION_RESOLUTION_FAILURE',
  ErrorCode.ProtectionFailed,
  ErrorCode.CustomerLimitExceeded,
  'UNAUTHENTICATED',
  'PERSISTED_QUERY_VERSION_NOT_SUPPORTED',
  'PERSISTED_QUERY_HASH_INVALID',
  'PERSISTED_QUERY_HASH_MISMATCH',
]);

/**
 * Lets our own errors through and replaces anything unexpected (a driver error with
 * SQL text, a bug) with a generic message; the original goes to the log only.
 */
export function maskUnexpectedErrors(logger: Logger) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const code = formatted.extensions?.code;
    // The parser's token cap names its number; no caller is told a limit that way.
    if (code === 'GRAPHQL_PARSE_FAILED' && /more tha[nt] \d+ tokens/.test(formatted.message)) {
      return { message: 'The operation exceeds the limits', extensions: { code: ErrorCode.OperationTooLarge } };
    }
    // A custom scalar's literal the caller got wrong (found by the gateway's validation).
    if (code === 'GRAPHQL_VALIDATION_FAILED' && formatted.extensions?.[INVALID_SCALAR_INPUT] === true) {
      return { message: formatted.message, locations: formatted.locations, extensions: { code: ErrorCode.BadUserInput } };
    }
    if (code === ErrorCode.UpstreamUnavailable) {
      logger.warn({ err: (unwrapResolverError(error) as GraphQLError).originalError, path: formatted.path }, formatted.message);
    }
    if (typeof code === 'string' && PUBLIC_CODES.has(code)) return formatted;
    logger.error({ err: unwrapResolverError(error), path: formatted.path }, 'unexpected error');
    // The gateway names the subgraph an error came from; that much is safe to keep.
    const serviceName = formatted.extensions?.serviceName;
    return {
      message: 'Internal error',
      path: formatted.path,
      locations: formatted.locations,
      extensions: { code: ErrorCode.Internal, ...(typeof serviceName === 'string' ? { serviceName } : {}) },
    };
  };
}
