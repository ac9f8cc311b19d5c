import type { ErrorCodeValue } from './error-codes';

interface GraphQLErrorEnvelope {
  errors: Array<{ message: string; extensions: { code: ErrorCodeValue } & Record<string, unknown> }>;
}

/** The GraphQL-over-HTTP body of an error answered before (or outside) GraphQL execution. */
export function errorEnvelope(code: ErrorCodeValue, message: string, extensions: Record<string, unknown> = {}): GraphQLErrorEnvelope {
  return { errors: [{ message, extensions: { ...extensions, code } }] };
}
