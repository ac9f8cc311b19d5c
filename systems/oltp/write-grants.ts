/**
 * What the crm's write connection (OLTP_WRITE_DATABASE_URL) may do on the OLTP, as MySQL grants:
 * exactly what recording a data-subject request and the front line's records (a contact logged, a
 * case resolved, an offer made or answered) need, and nothing else (no DELETE anywhere, no other
 * column of customers, interactions or offers). docs/operations.md lists the same statements; a MariaDB test runs
 * every mutation as a user holding only these.
 */
export function oltpWriteGrants(database: string, user: string): string[] {
  return [
    `GRANT SELECT, INSERT, UPDATE ON \`${database}\`.consents TO ${user}`,
    `GRANT SELECT, UPDATE (processing_restricted, restricted_at, erasure_requested_at) ON \`${database}\`.customers TO ${user}`,
    `GRANT SELECT, INSERT ON \`${database}\`.data_subject_requests TO ${user}`,
    `GRANT SELECT, INSERT, UPDATE (status, resolution) ON \`${database}\`.interactions TO ${user}`,
    `GRANT SELECT, INSERT, UPDATE (response, responded_at) ON \`${database}\`.offers TO ${user}`,
    `GRANT SELECT, INSERT ON \`${database}\`.front_line_writes TO ${user}`,
  ];
}
