import { GraphQLError } from 'graphql';
import { ErrorCode } from './error-codes';

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
