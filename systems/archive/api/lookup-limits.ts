/** The most account numbers one lookup names. */
export const MAX_ACCOUNTS_PER_LOOKUP = 1000;
/** A lookup's `limitPerAccount`: enough for the archive subgraph's deepest page (offset 900 + first 100). */
export const MAX_LIMIT_PER_ACCOUNT = 1000;
/** A lookup's accounts × `limitPerAccount`, so one call cannot ask for millions of records. */
export const MAX_RECORDS_PER_LOOKUP = 100_000;
/** The records API's code for a legacy account number it does not know (any other 404 is not that answer). */
export const LEGACY_ACCOUNT_NOT_FOUND = 'LEGACY_ACCOUNT_NOT_FOUND';
