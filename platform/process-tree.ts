import { readdirSync, readFileSync } from 'node:fs';

/** Process ids of the direct children of `pid` (Linux /proc), e.g. a cluster's worker processes (the workers test counts them). */
export function childProcessIds(pid: number): number[] {
  return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
}

/** Resident memory of a process and its children (a gateway's worker processes), in MB. */
export function residentMemoryMB(pid: number): number {
  return sumOverTree(pid, (id) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${id}/status`, 'utf8'))?.[1] ?? 0) / 1024);
}

/** CPU time (user + system) used so far by a process and its live children, in ms. */
export function cpuTimeMs(pid: number): number {
  // After the command name, utime and stime are the 12th and 13th fields, in clock ticks (100 per second).
  return sumOverTree(pid, (id) => {
    const fields = readFileSync(`/proc/${id}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  });
}

/** The id of a running process with this command name (e.g. `mariadbd`), if one is visible. */
export function processIdNamed(name: string): number | undefined {
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/comm`, 'utf8').trim() === name) return Number(entry);
    } catch {
      // The process ended while we looked.
    }
  }
  return undefined;
}

function sumOverTree(pid: number, own: (pid: number) => number): number {
  return own(pid) + childProcessIds(pid).reduce((sum, child) => sum + sumOverTree(child, own), 0);
}
