import { migrateArchive } from '../archive/schema';
import { migrateOltp } from '../oltp/schema';
import { openSystemDatabase } from '../system-database';
import { migrateWarehouse } from '../warehouse/schema';
import { type Knex, redactUrl } from '../../platform/database';
import type { SystemUrls } from '../../platform/system-urls';
import { Calendar, DEFAULT_AS_OF, monthKey, sqlDate, sqlDateTime } from './calendar';
import { generateCustomer, scoringDates } from './generate-customer';
import { generateProspects } from './generate-prospects';
import { insertBuffer, insertRows } from './insert-rows';
import { emptyBuffers, type SystemBuffers } from './row-buffer';
import { CHANNELS } from './vocabulary';

interface SeedOptions {
  urls: SystemUrls;
  customers: number;
  seed?: string;
  asOf?: string;
  /** Customers generated and inserted per transaction. */
  batchSize?: number;
  /** Drop and recreate the databases first; without it, seeding refuses to touch filled ones. */
  recreate?: boolean;
  onProgress?: (done: number, total: number) => void;
}

interface SeedReport {
  customers: number;
  rows: number;
  seconds: number;
}

export class AlreadySeededError extends Error {
  constructor(url: string) {
    super(`The OLTP database at ${redactUrl(url)} already holds customers; pass --recreate to replace it.`);
  }
}

/**
 * Creates the three stand-in systems and fills them. Generation of the next batch
 * overlaps with the inserts of the previous one; the three systems load in parallel.
 */
export async function seedSystems(options: SeedOptions): Promise<SeedReport> {
  const started = Date.now();
  const calendar = new Calendar(options.asOf ?? DEFAULT_AS_OF);
  const seed = options.seed ?? '42';
  const batchSize = options.batchSize ?? 1000;
  const recreate = options.recreate ?? false;
  const [oltp, archive, warehouse] = await Promise.all([
    openSystemDatabase(options.urls.oltp, { recreate }),
    openSystemDatabase(options.urls.archive, { recreate }),
    openSystemDatabase(options.urls.warehouse, { recreate }),
  ]);
  let rows = 0;
  try {
    await Promise.all([migrateOltp(oltp), migrateArchive(archive), migrateWarehouse(warehouse)]);
    const existing = await oltp('customers').count({ n: '*' }).first();
    if (Number(existing?.n ?? 0) > 0) throw new AlreadySeededError(options.urls.oltp);
    rows += await insertWarehouseDimensions(warehouse, calendar);

    const context = { seed, calendar, firstIndex: 1 };
    let inFlight: Promise<void> = Promise.resolve();
    for (let first = 1; first <= options.customers; first += batchSize) {
      const last = Math.min(options.customers, first + batchSize - 1);
      const buffers = emptyBuffers();
      for (let index = first; index <= last; index++) generateCustomer(index, context, buffers);
      await inFlight;
      rows += buffers.oltp.size + buffers.archive.size + buffers.warehouse.size;
      inFlight = insertSystems(buffers, { oltp, archive, warehouse }).then(() => options.onProgress?.(last, options.customers));
    }
    await inFlight;
    // After the customers, from a stream of their own: the customers' values are those of before.
    const prospects = generateProspects(seed, calendar);
    await insertRows(oltp, 'prospects', prospects);
    rows += prospects.length;
  } finally {
    await Promise.all([oltp.destroy(), archive.destroy(), warehouse.destroy()]);
  }
  return { customers: options.customers, rows, seconds: (Date.now() - started) / 1000 };
}

function insertSystems(buffers: SystemBuffers, dbs: Record<keyof SystemBuffers, Knex>): Promise<void> {
  return Promise.all([
    insertBuffer(dbs.oltp, buffers.oltp),
    insertBuffer(dbs.archive, buffers.archive),
    insertBuffer(dbs.warehouse, buffers.warehouse),
  ]).then(() => undefined);
}

async function insertWarehouseDimensions(warehouse: Knex, calendar: Calendar): Promise<number> {
  const months = calendar.factMonths().map((day) => ({
    month_key: monthKey(day),
    first_day: sqlDate(day),
    year: day.getUTCFullYear(),
    month: day.getUTCMonth() + 1,
  }));
  const channels = CHANNELS.map((name, k) => ({ channel_key: k + 1, name }));
  const loads = scoringDates(calendar).map((day, k) => ({
    load_key: k + 1,
    loaded_at: sqlDateTime(new Date(day.getTime() + 2 * 3_600_000)),
  }));
  await insertRows(warehouse, 'dim_month', months);
  await insertRows(warehouse, 'dim_channel', channels);
  await insertRows(warehouse, 'warehouse_load', loads);
  return months.length + channels.length + loads.length;
}
