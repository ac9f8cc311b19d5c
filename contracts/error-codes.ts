/** Stable codes clients can switch on (`extensions.code`): every code the gateway or a subgraph answers with. */
export const ErrorCode = {
  BadRequest: 'BAD_REQUEST',
  BadUserInput: 'BAD_USER_INPUT',
  NotFound: 'NOT_FOUND',
  Unauthenticated: 'UNAUTHENTICATED',
  PurposeNotAllowed: 'PURPOSE_NOT_ALLOWED',
  Forbidden: 'FORBIDDEN',
  ConsentRequired: 'CONSENT_REQUIRED',
  ProcessingRestricted: 'PROCESSING_RESTRICTED',
  IntrospectionDisabled: 'INTROSPECTION_DISABLED',
  OperationTooLarge: 'OPERATION_TOO_LARGE',
  CustomerLimitExceeded: 'CUSTOMER_LIMIT_EXCEEDED',
  RateLimited: 'RATE_LIMITED',
  ProtectionFailed: 'PROTECTION_FAILED',
  SubjectAccessIncomplete: 'SUBJECT_ACCESS_INCOMPLETE',
  UpstreamUnavailable: 'UPSTREAM_UNAVAILABLE',
  SubgraphUnavailable: 'SUBGRAPH_UNAVAILABLE',
  GraphQLParseFailed: 'GRAPHQL_PARSE_FAILED',
  GraphQLValidationFailed: 'GRAPHQL_VALIDATION_FAILED',
  OperationResolutionFailure: 'OPERATION_RESOLUTION_FAILURE',
  PersistedQueryRequired: 'PERSISTED_QUERY_REQUIRED',
  PersistedQueryNotFound: 'PERSISTED_QUERY_NOT_FOUND',
  PersistedQueryNotSupported: 'PERSISTED_QUERY_NOT_SUPPORTED',
  PersistedQueryVersionNotSupported: 'PERSISTED_QUERY_VERSION_NOT_SUPPORTED',
  PersistedQueryHashInvalid: 'PERSISTED_QUERY_HASH_INVALID',
  PersistedQueryHashMismatch: 'PERSISTED_QUERY_HASH_MISMATCH',
  Internal: 'INTERNAL_SERVER_ERROR',
} as const;

export type ErrorCodeValue = (typeof ErrorCode)[keyof typeof ErrorCode];

/** Codes whose message is ours to show; anything else is replaced by a generic internal error. */
export const PUBLIC_CODES: ReadonlySet<string> = new Set<string>(
  Object.values(ErrorCode).filter((code) => code !== ErrorCode.Internal && code !== ErrorCode.NotFound),
);
