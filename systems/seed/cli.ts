import { parseArgs } from 'node:util';
import { redactUrl } from '../../platform/database';
import { ConfigError } from '../../platform/env-reader';
import { readSystemUrls } from '../../platform/system-urls';
import { AlreadySeededError, seedSystems } from './seed-systems';

const USAGE = `Usage: npm run systems:seed -- [--customers N] [--seed S] [--as-of YYYY-MM-DD] [--recreate | --skip-if-seeded]

Creates the OLTP, archive and warehouse stand-ins and fills them with deterministic data.
Targets OLTP_DATABASE_URL, ARCHIVE_DATABASE_URL and WAREHOUSE_DATABASE_URL (mysql://… or
sqlite:<file>); without them, SQLite files under data/.`;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      customers: { type: 'string', default: '2000' },
      seed: { type: 'string', default: '42' },
      'as-of': { type: 'string' },
      'batch-size': { type: 'string', default: '1000' },
      recreate: { type: 'boolean', default: false },
      'skip-if-seeded': { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) return void console.log(USAGE);
  const customers = positiveInteger('--customers', values.customers);
  const batchSize = positiveInteger('--batch-size', values['batch-size']);
  if (values['as-of'] !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(values['as-of'])) throw new UsageError('--as-of must be YYYY-MM-DD');
  const urls = readSystemUrls();
  console.log(`Seeding ${customers} customers (seed ${values.seed}) into`);
  for (const [system, url] of Object.entries(urls)) console.log(`  ${system.padEnd(9)} ${redactUrl(url)}`);
  let lastShown = 0;
  let report: Awaited<ReturnType<typeof seedSystems>>;
  try {
    report = await seedSystems({
      urls,
      customers,
      seed: values.seed,
      asOf: values['as-of'],
      batchSize,
      recreate: values.recreate,
      onProgress: (done, total) => {
        if (done === total || done - lastShown >= Math.max(10_000, total / 20)) {
          lastShown = done;
          console.log(`  ${done}/${total} customers`);
        }
      },
    });
  } catch (error) {
    if (error instanceof AlreadySeededError && values['skip-if-seeded']) return void console.log('Already seeded; nothing to do.');
    throw error;
  }
  console.log(`Done: ${report.customers} customers, ${report.rows} rows in ${report.seconds.toFixed(1)} s`);
}

class UsageError extends Error {}

function positiveInteger(flag: string, value: string | undefined): number {
  const parsed = Number(value);
  if (!/^\d+$/.test(value ?? '') || parsed < 1) throw new UsageError(`${flag} must be a positive integer (got "${value}")`);
  return parsed;
}

main().catch((error: unknown) => {
  const expected = error instanceof UsageError || error instanceof ConfigError || error instanceof AlreadySeededError;
  // Driver errors can carry a whole multi-row INSERT; the first lines say enough.
  const message =
    error instanceof Error
      ? expected
        ? error.message
        : `${error.message.slice(0, 400)}\n${error.stack?.split('\n').slice(1, 4).join('\n')}`
      : String(error);
  console.error(message);
  if (error instanceof UsageError) console.error(`\n${USAGE}`);
  process.exit(error instanceof UsageError ? 2 : 1);
});
