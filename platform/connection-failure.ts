const CONNECTION_ERROR_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENOTFOUND',
  'EPIPE',
  'PROTOCOL_CONNECTION_LOST',
  'ER_CON_COUNT_ERROR',
  'ER_SERVER_SHUTDOWN',
  'SQLITE_BUSY',
  'SQLITE_CANTOPEN',
]);

/** A database that cannot be reached (as opposed to a query that is wrong). */
export function isConnectionFailure(error: unknown): boolean {
  const { code, message, name } = (error ?? {}) as { code?: string; message?: string; name?: string };
  return (
    (code !== undefined && CONNECTION_ERROR_CODES.has(code)) ||
    name === 'KnexTimeoutError' ||
    /Unable to acquire a connection|Timeout acquiring a connection/.test(message ?? '')
  );
}
