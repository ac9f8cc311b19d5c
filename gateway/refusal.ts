import { GraphQLError } from 'graphql';

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
