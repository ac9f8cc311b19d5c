import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { parse } from 'graphql';
import { DEFAULT_SUPERGRAPH_PATH } from '../platform/supergraph-file';
import { connectDatabase, databaseDialect, sqliteFilename } from '../platform/database';
import { EnvReader } from '../platform/env-reader';
import { auditDatabaseUrlFrom } from '../platform/system-urls';
import { dataInventory } from '../policy/data-inventory';
import { inventoryMarkdown } from '../policy/data-inventory-markdown';
import { loadPolicy } from '../policy/policy';
import { fieldReadsSince } from '../systems/audit/observed-reads';

const USAGE = 'Usage: npm run -s data:inventory -- [--days N (default 90)] [--json] [--out file]';

/**
 * `npm run -s data:inventory`: every classified field — system of record, subgraph, category,
 * purposes (with their Fides keys), who may read it and how — and, from the audit trail over the
 * last N days, who read it, by client and purpose, and which fields nobody read.
 */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { days: { type: 'string', default: '90' }, json: { type: 'boolean', default: false }, out: { type: 'string' } },
  });
  if (!/^\d+$/.test(values.days) || Number(values.days) < 1) throw new UsageError(`--days must be a whole number of days\n${USAGE}`);
  const env = new EnvReader();
  const auditUrl = auditDatabaseUrlFrom(env);
  env.assertValid();
  const since = new Date(Date.now() - Number(values.days) * 86_400_000).toISOString();
  if (databaseDialect(auditUrl) === 'sqlite' && !existsSync(sqliteFilename(auditUrl))) {
    throw new Error(`There is no audit store at ${sqliteFilename(auditUrl)} (AUDIT_DATABASE_URL); start the gateway once to create it`);
  }
  const db = connectDatabase(auditUrl, { readOnly: true });
  try {
    const reads = (await db.schema.hasTable('audit_operations')) ? await fieldReadsSince(db, since) : [];
    const entries = dataInventory(parse(readFileSync(DEFAULT_SUPERGRAPH_PATH, 'utf8')), loadPolicy(), reads);
    const text = values.json
      ? `${JSON.stringify({ since, fields: entries }, null, 2)}\n`
      : inventoryMarkdown(entries, since, Number(values.days));
    if (values.out) writeFileSync(values.out, text);
    else process.stdout.write(text);
  } finally {
    await db.destroy();
  }
}

class UsageError extends Error {}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(error instanceof UsageError ? 2 : 1);
});
