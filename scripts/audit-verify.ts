import { parseArgs } from 'node:util';
import { describeReport, verifyAuditChains } from '../gateway/audit/audit-chain';
import { AuditStore } from '../gateway/audit/audit-store';
import { connectDatabase } from '../platform/database';
import { type Env, EnvReader } from '../platform/env-reader';
import { auditDatabaseUrlFrom } from '../platform/system-urls';

const USAGE = 'Usage: npm run -s audit:verify   (the store: AUDIT_DATABASE_URL)';

/**
 * `npm run -s audit:verify`: walks every hash chain of the audit store and names, per chain, the
 * first record that does not fit. Exit 0 when every chain fits, 1 when one does not (or the
 * store cannot be read), 2 on bad usage.
 */
export async function main(argv: string[], env: Env, print: (line: string) => void = console.log): Promise<number> {
  let url: string;
  try {
    parseArgs({ args: argv, options: {}, strict: true });
    const reader = new EnvReader(env);
    url = auditDatabaseUrlFrom(reader);
    reader.assertValid();
  } catch (error) {
    print(`${error instanceof Error ? error.message : String(error)}\n${USAGE}`);
    return 2;
  }
  const db = connectDatabase(url);
  try {
    await new AuditStore(db).migrate();
    const report = await verifyAuditChains(db);
    for (const line of describeReport(report)) print(line);
    return report.ok ? 0 : 1;
  } catch (error) {
    print(`The audit store could not be verified: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  } finally {
    await db.destroy();
  }
}

if (require.main === module) {
  main(process.argv.slice(2), process.env).then((code) => process.exit(code));
}
