import { unwrapResolverError } from '@apollo/server/errors';
import type { GraphQLError, GraphQLFormattedError } from 'graphql';
import { ErrorCode, PUBLIC_CODES } from '../contracts/error-codes';
import type { Logger } from './logger';

/** Marks a validation error about a custom scalar's value the caller wrote: formatted as BAD_USER_INPUT. */
export const INVALID_SCALAR_INPUT = 'invalidScalarInput';

/**
 * Lets our own errors through and replaces anything unexpected (a driver error with
 * SQL text, a bug) with a generic message; the original goes to the log only.
 */
export function maskUnexpectedErrors(logger: Logger) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const code = formatted.extensions?.code;
    // The parser's token cap names its number; no caller is told a limit that way.
    if (code === ErrorCode.GraphQLParseFailed && /more tha[nt] \d+ tokens/.test(formatted.message)) {
      return { message: 'The operation exceeds the limits', extensions: { code: ErrorCode.OperationTooLarge } };
    }
    // A custom scalar's literal the caller got wrong (found by the gateway's validation).
    if (code === ErrorCode.GraphQLValidationFailed && formatted.extensions?.[INVALID_SCALAR_INPUT] === true) {
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
