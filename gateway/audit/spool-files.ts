import { appendFileSync, existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
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
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
