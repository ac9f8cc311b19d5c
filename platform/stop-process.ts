import type { ChildProcess } from 'node:child_process';

/** Asks a child to stop (SIGTERM unless told otherwise), then SIGKILL if it has not exited within `graceMs`. */
export function stopProcess(child: ChildProcess, ask: () => void = () => child.kill('SIGTERM'), graceMs = 5000): Promise<void> {
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
