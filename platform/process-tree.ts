import { readFileSync } from 'node:fs';

/** Process ids of the direct children of `pid` (Linux /proc), e.g. a cluster's worker processes. */
export function childProcessIds(pid: number): number[] {
  return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
}
