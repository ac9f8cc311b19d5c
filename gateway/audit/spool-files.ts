import { appendFileSync, existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Logger } from '../../platform/logger';

/**
 * With several gateway workers each has its own audit spool: slot 1 (or a gateway
 * without workers) uses the configured file, slot N uses `<file>.worker-N`.
 */
export function spoolFileForSlot(spoolFile: string, slot: number | undefined): string {
  return slot === undefined || slot === 1 ? spoolFile : `${spoolFile}.worker-${slot}`;
}

/**
 * Spools left by worker slots that no longer exist (the gateway now runs fewer workers)
 * are moved into the configured spool before any worker starts, so slot 1 replays them.
 */
export function adoptOrphanedSpools(spoolFile: string, workers: number, logger: Logger): void {
  const dir = path.dirname(spoolFile);
  if (!existsSync(dir)) return;
  const pattern = new RegExp(`^${escapeRegExp(path.basename(spoolFile))}\\.worker-(\\d+)$`);
  for (const name of readdirSync(dir)) {
    const slot = Number(pattern.exec(name)?.[1]);
    if (!(slot > workers)) continue;
    const orphan = path.join(dir, name);
    const content = readFileSync(orphan, 'utf8');
    // A torn last line stays one line of its own, which the replay sets aside.
    if (content.length > 0) appendFileSync(spoolFile, content.endsWith('\n') ? content : `${content}\n`, { flush: true });
    rmSync(orphan);
    logger.warn({ from: orphan, into: spoolFile }, 'audit spool of a former worker moved into the main spool');
  }
  const rejected = new RegExp(`^${escapeRegExp(path.basename(spoolFile))}\\.worker-(\\d+)\\.rejected$`);
  for (const name of readdirSync(dir)) {
    if (Number(rejected.exec(name)?.[1]) > workers) restoreRejected(path.join(dir, name), spoolFile, logger);
  }
}

/**
 * Earlier versions moved a record the store refused to `<spool>.rejected` (lines
 * `{"reason":…,"record":…}`), where nothing replayed it. Those records go back into the
 * spool, to be replayed; lines that hold no record (unreadable spool lines) stay where they are.
 */
export function restoreRejected(rejectedFile: string, spoolFile: string, logger: Logger): void {
  if (!existsSync(rejectedFile)) return;
  const records: string[] = [];
  const kept: string[] = [];
  for (const line of readFileSync(rejectedFile, 'utf8').split('\n')) {
    if (!line.trim()) continue;
    let record: unknown;
    try {
      record = (JSON.parse(line) as { record?: unknown }).record;
    } catch {
      record = undefined;
    }
    if (record !== null && typeof record === 'object') records.push(JSON.stringify(record));
    else kept.push(line);
  }
  if (records.length === 0) return;
  // Into the spool first: a crash before the rewrite below replays them twice, which stores them once (by key).
  appendFileSync(spoolFile, `${records.join('\n')}\n`, { flush: true });
  if (kept.length > 0) writeFileSync(rejectedFile, `${kept.join('\n')}\n`, { flush: true });
  else rmSync(rejectedFile);
  logger.warn(
    { from: rejectedFile, into: spoolFile, records: records.length },
    'audit records an earlier version set aside moved back into the spool, to be replayed',
  );
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
