import DataLoader from 'dataloader';

/** Keeps every `WHERE … IN (…)` list and archive lookup to a bounded size. */
export const MAX_BATCH_SIZE = 500;

type Key = string | number;

/**
 * One row per key: `load(id)` resolves to the row whose `keyOf` is `id`, or null.
 * Rows come back in key order whatever order the database used.
 */
export function rowByKey<K extends Key, V>(fetch: (keys: readonly K[]) => Promise<V[]>, keyOf: (row: V) => Key): DataLoader<K, V | null, string> {
  return new DataLoader<K, V | null, string>(
    async (keys) => {
      const byKey = new Map<string, V>();
      for (const row of await fetch(keys)) byKey.set(String(keyOf(row)), row);
      return keys.map((key) => byKey.get(String(key)) ?? null);
    },
    { maxBatchSize: MAX_BATCH_SIZE, cacheKeyFn: String },
  );
}

/** Many rows per key (a one-to-many relation): `load(parentId)` resolves to its rows, or []. */
export function rowsByKey<K extends Key, V>(fetch: (keys: readonly K[]) => Promise<V[]>, keyOf: (row: V) => Key): DataLoader<K, V[], string> {
  return new DataLoader<K, V[], string>(
    async (keys) => {
      const byKey = new Map<string, V[]>();
      for (const row of await fetch(keys)) {
        const key = String(keyOf(row));
        const rows = byKey.get(key);
        if (rows) rows.push(row);
        else byKey.set(key, [row]);
      }
      return keys.map((key) => byKey.get(String(key)) ?? []);
    },
    { maxBatchSize: MAX_BATCH_SIZE, cacheKeyFn: String },
  );
}

/**
 * The loaders of one request. A loader whose query depends on an argument (say
 * `orders(first: 5)`) is kept per argument value, so every parent asking for the
 * same page size shares one batch.
 */
export class RequestLoaders {
  private readonly loaders = new Map<string, unknown>();

  get<L>(name: string, create: () => L): L {
    let loader = this.loaders.get(name) as L | undefined;
    if (loader === undefined) {
      loader = create();
      this.loaders.set(name, loader);
    }
    return loader;
  }
}
