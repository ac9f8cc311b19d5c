import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { fromProjectRoot } from '../../platform/project-root';

/**
 * Runs one of the product's TypeScript entry points (say `gateway/index.ts`) as a process of
 * its own, compiled on the fly like jest does; only PATH and telemetry settings are inherited.
 */
export function spawnEntryPoint(entry: string, env: Record<string, string>, args: string[] = []): ChildProcessWithoutNullStreams {
  return spawn(process.execPath, ['-r', fromProjectRoot('test/support/register-ts.js'), fromProjectRoot(entry), ...args], {
    cwd: fromProjectRoot(),
    env: { PATH: process.env.PATH ?? '', APOLLO_TELEMETRY_DISABLED: '1', ...env },
  });
}

/** What a child process writes, and how it exits. */
export function collectOutput(child: ChildProcessWithoutNullStreams) {
  const output = { stdout: '', stderr: '' };
  child.stdout.on('data', (chunk) => (output.stdout += chunk));
  child.stderr.on('data', (chunk) => (output.stderr += chunk));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { output, exited };
}

/** Polls until `probe` gives a value (anything but undefined or false), and returns it. */
export async function waitFor<T>(probe: () => T | undefined | false | Promise<T | undefined | false>, timeoutMs = 45_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
