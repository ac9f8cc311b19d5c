import type { ChildProcess } from 'node:child_process';

interface StopOptions {
  /** How the child is asked to stop; SIGTERM by default. */
  ask?: () => void;
  /** How long it may take before it is killed with SIGKILL. */
  graceMs?: number;
}

/** Asks a child to stop, then kills it if it has not exited within the grace period. */
export function stopProcess(child: ChildProcess, { ask = () => child.kill('SIGTERM'), graceMs = 5000 }: StopOptions = {}): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    ask();
  });
}
