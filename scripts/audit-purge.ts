import { parseArgs } from 'node:util';
import { purgeAudit } from '../gateway/audit/audit-chain';
import { AuditStore } from '../gateway/audit/audit-store';
import { connectDatabase } from '../platform/database';
import { type Env, EnvReader } from '../platform/env-reader';
import { auditDatabaseUrlFrom } from '../platform/system-urls';

const USAGE = 'Usage: AUDIT_RETENTION_DAYS=<days> npm run -s audit:purge   (the store: AUDIT_DATABASE_URL)';
const DAY_MS = 86_400_000;

/**
 * `npm run -s audit:purge`: removes the operation records older than AUDIT_RETENTION_DAYS (and
 * their customer rows) and records the purge in `audit_purges`. Without AUDIT_RETENTION_DAYS
 * nothing is purged: exit 2, as for any bad usage; 1 when the store fails; 0 when done.
 */
export async function main(argv: string[], env: Env, print: (line: string) => void = console.log, now = new Date()): Promise<number> {
  let url: string;
  let days: number;
  try {
    parseArgs({ args: argv, options: {}, strict: true });
    if (env.AUDIT_RETENTION_DAYS === undefined || env.AUDIT_RETENTION_DAYS.trim() === '') {
      print(`AUDIT_RETENTION_DAYS is not set: nothing is purged (there is no default retention).\n${USAGE}`);
      return 2;
    }
    const reader = new EnvReader(env);
    days = reader.integer('AUDIT_RETENTION_DAYS', 0, { min: 1, max: 36_500 });
    url = auditDatabaseUrlFrom(reader);
    reader.assertValid();
  } catch (error) {
    print(`${error instanceof Error ? error.message : String(error)}\n${USAGE}`);
    return 2;
  }
  const db = connectDatabase(url);
  try {
    await new AuditStore(db).migrate();
    const cutoff = new Date(now.getTime() - days * DAY_MS).toISOString();
    const result = await purgeAudit(db, { cutoff, now: now.toISOString() });
    print(`Purged ${result.removed} audit records older than ${cutoff} (${days} days); recorded as chain ${result.chain}.`);
    for (const c of result.checkpoints) print(`  chain ${c.chain}: ${c.removed} records, up to seq ${c.seq}`);
    if (result.unchainedRemoved > 0) print(`  ${result.unchainedRemoved} unchained records (stored before the chain began)`);
    return 0;
  } catch (error) {
    print(`The audit store could not be purged: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  } finally {
    await db.destroy();
  }
}

if (require.main === module) {
  main(process.argv.slice(2), process.env).then((code) => process.exit(code));
}
