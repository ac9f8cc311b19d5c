import { createHash } from 'node:crypto';

/** Hex sha256, as persisted-query ids and the query planner's cache keys use it. */
export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
