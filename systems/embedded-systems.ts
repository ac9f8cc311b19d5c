import { existsSync, renameSync } from 'node:fs';
import { databaseDialect, sqliteFilename } from '../platform/database';
import type { SystemUrls } from '../platform/system-urls';
import { migrateOltp } from './oltp/schema';
import { seedSystems } from './seed/seed-systems';
import { openSystemDatabase } from './system-database';

export class MissingSystemError extends Error {}

/**
 * Makes sure the embedded stand-ins exist before `npm start` serves them.
 *
 * Only when every system is an embedded SQLite file are they created, all three
 * together so their data matches, under temporary names renamed at the end, so an
 * interrupted first run is simply redone. A MySQL system is never created or
 * changed here: it is a real system, or one `npm run systems:seed` filled.
 */
export async function prepareEmbeddedSystems(systems: SystemUrls, customers: number, report: (message: string) => void): Promise<void> {
  const entries = Object.entries(systems) as Array<[keyof SystemUrls, string]>;
  const missing = entries.filter(([, url]) => databaseDialect(url) === 'sqlite' && !existsSync(sqliteFilename(url)));
  if (missing.length === 0) {
    // Stand-ins an earlier version made lack the newer tables (the data-subject request log): those are added, nothing else changes.
    if (entries.every(([, url]) => databaseDialect(url) === 'sqlite')) await upgradeEmbeddedOltp(systems.oltp);
    return;
  }
  if (entries.some(([, url]) => databaseDialect(url) !== 'sqlite')) {
    throw new MissingSystemError(
      `${missing.map(([name, url]) => `${name} (${url})`).join(', ')} does not exist; create it with \`npm run systems:seed\` first.`,
    );
  }
  report(`First run: creating embedded stand-ins (${entries.map(([name]) => name).join(', ')}) with ${customers} customers…`);
  const partial = (url: string) => `${url}.partial`;
  const result = await seedSystems({
    urls: { oltp: partial(systems.oltp), archive: partial(systems.archive), warehouse: partial(systems.warehouse) },
    customers,
    recreate: true,
  });
  for (const [, url] of entries) renameSync(sqliteFilename(partial(url)), sqliteFilename(url));
  report(`Seeded ${result.rows} rows in ${result.seconds.toFixed(1)} s.`);
}

async function upgradeEmbeddedOltp(url: string): Promise<void> {
  const db = await openSystemDatabase(url);
  try {
    await migrateOltp(db);
  } finally {
    await db.destroy();
  }
}
