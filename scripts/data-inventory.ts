import { existsSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { connectDatabase, databaseDialect, type Knex, sqliteFilename } from '../platform/database';
import { EnvReader } from '../platform/env-reader';
import { auditDatabaseUrlFrom, systemUrlsFrom } from '../platform/system-urls';
import { inventoryDaysProblem, MAX_INVENTORY_DAYS, readSupergraph } from '../policy/data-inventory';
import { inventoryMarkdown } from '../policy/data-inventory-markdown';
import { loadPolicy } from '../policy/policy';
import { buildInventoryReport } from '../systems/data-inventory-report';
import { measureDataQuality } from '../systems/data-quality';

const USAGE = `Usage: npm run -s data:inventory -- [--days N (1 to ${MAX_INVENTORY_DAYS}, default 90)] [--json] [--out file]`;

/**
 * `npm run -s data:inventory`: every classified field — system of record, subgraph, category,
 * purposes (with their Fides keys), who may read it and how — and, from the audit trail over the
 * last N days, who read it, by client and purpose, and which fields nobody read; with the share of
 * customers each system holds a value for (coverage) and how recent the warehouse and the archive
 * are (freshness), counted in the systems. The same builder answers `Query.dataInventory`.
 */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { days: { type: 'string', default: '90' }, json: { type: 'boolean', default: false }, out: { type: 'string' } },
  });
  const days = /^\d+$/.test(values.days) ? Number(values.days) : Number.NaN;
  const problem = inventoryDaysProblem(days);
  if (problem) throw new UsageError(`--${problem.replace(/ \(got .*\)$/, '')}\n${USAGE}`);
  const env = new EnvReader();
  const auditUrl = auditDatabaseUrlFrom(env);
  const systemUrls = systemUrlsFrom(env);
  env.assertValid();
  if (databaseDialect(auditUrl) === 'sqlite' && !existsSync(sqliteFilename(auditUrl))) {
    throw new Error(`There is no audit store at ${sqliteFilename(auditUrl)} (AUDIT_DATABASE_URL); start the gateway once to create it`);
  }
  const audit = connectDatabase(auditUrl, { readOnly: true });
  const systems = {
    oltp: openIfThere(systemUrls.oltp),
    warehouse: openIfThere(systemUrls.warehouse),
    archive: openIfThere(systemUrls.archive),
  };
  try {
    const report = await buildInventoryReport({
      supergraph: readSupergraph(),
      policy: loadPolicy(),
      days,
      audit,
      quality: () => measureDataQuality(systems),
    });
    const text = values.json ? `${JSON.stringify(report, null, 2)}\n` : inventoryMarkdown(report);
    if (values.out) writeFileSync(values.out, text);
    else process.stdout.write(text);
  } finally {
    await Promise.all([audit, ...Object.values(systems)].map((db) => db?.destroy()));
  }
}

/** A system, read-only; an embedded one that was never seeded is not measured (rather than created empty). */
function openIfThere(url: string): Knex | null {
  if (databaseDialect(url) === 'sqlite' && !existsSync(sqliteFilename(url))) return null;
  return connectDatabase(url, { readOnly: true, poolMax: 2 });
}

class UsageError extends Error {}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(error instanceof UsageError ? 2 : 1);
});
