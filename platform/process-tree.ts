import { readFileSync } from 'node:fs';

/** Process ids of the direct children of `pid` (Linux /proc), e.g. a cluster's worker processes. */
export function childProcessIds(pid: number): number[] {
  return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
}

/** Resident memory of a process and its children (a gateway's worker processes), in MB. */
export function residentMemoryMB(pid: number): number {
  const own = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;
  return own + childProcessIds(pid).reduce((sum, child) => sum + residentMemoryMB(child), 0);
}
