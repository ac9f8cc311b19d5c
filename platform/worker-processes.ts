import cluster, { type Worker } from 'node:cluster';
import type { Logger } from './logger';
import { WORKER_SLOT_VARIABLE } from './worker-slot';

/**
 * The primary of a node cluster: `count` workers share the listening port. A worker that
 * dies is replaced in the same slot (so it takes over that slot's files, such as its audit
 * spool), at most once a second. SIGHUP is passed on; SIGTERM/SIGINT stop every worker,
 * each draining its own requests, and the primary exits when the last one has.
 */
export function runWorkerProcesses(count: number, logger: Logger): void {
  const workers = new Map<number, Worker>();
  let stopping = false;
  const lastStart = new Map<number, number>();

  const fork = (slot: number) => {
    lastStart.set(slot, Date.now());
    const worker = cluster.fork({ [WORKER_SLOT_VARIABLE]: String(slot) });
    workers.set(slot, worker);
    worker.once('exit', (code, signal) => {
      workers.delete(slot);
      if (stopping) {
        if (workers.size === 0) process.exit(0);
        return;
      }
      logger.error({ slot, code, signal }, 'worker exited; starting a new one');
      const wait = Math.max(0, 1000 - (Date.now() - (lastStart.get(slot) ?? 0)));
      setTimeout(() => !stopping && fork(slot), wait);
    });
  };

  for (let slot = 1; slot <= count; slot++) fork(slot);
  logger.info({ workers: count }, 'started worker processes');

  process.on('SIGHUP', () => {
    for (const worker of workers.values()) worker.process.kill('SIGHUP');
  });
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'stopping worker processes');
    if (workers.size === 0) process.exit(0);
    for (const worker of workers.values()) worker.process.kill('SIGTERM');
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

export function isClusterPrimary(): boolean {
  return cluster.isPrimary;
}
