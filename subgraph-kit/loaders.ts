import DataLoader from 'dataloader';
import { GraphQLError } from 'graphql';
import { isConnectionFailure } from '../platform/connection-failure';
import { UpstreamUnavailableError } from '../contracts/errors';

/**
 * Keys per batch. One level of a page can hold 100 customers × 50 items = 5,000
 * child keys; MySQL and SQLite both bind that many values in one `IN (…)`, so a
 * level stays one statement whatever the page size.
 */
const MAX_BATCH_SIZE = 10_000;

type Key = string | number;

/** Told the size of every batch a loader sends (for metrics). */
export type BatchObserver = (loader: string, keys: number) => void;

interface BatchOptions {
  /** Lower it where the system behind the loader takes fewer keys per call. */
  maxBatchSize?: number;
}

/**
 * The loaders of one request, for one system of record. A loader whose query depends
 * on an argument (say `orders(first: 5)`) is kept per argument value, so every parent
 * asking for the same page size shares one batch. When the system cannot be reached,
 * the loads fail with UPSTREAM_UNAVAILABLE naming it; other errors stay internal.
 */
export class RequestLoaders {
  private readonly loaders = new Map<string, DataLoader<Key, unknown, string>>();

  constructor(
    private readonly system: string,
    private readonly observeBatch: BatchObserver = () => undefined,
  ) {}

  /** One row per key: resolves to the row whose `keyOf` is the key, or null; rows come back in key order. */
  one<K extends Key, V>(
    name: string,
    fetch: (keys: readonly K[]) => Promise<V[]>,
    keyOf: (row: V) => Key,
    options?: BatchOptions,
  ): DataLoader<K, V | null, string> {
    return this.loader(name, options, async (keys: readonly K[]) => {
      const byKey = new Map<string, V>();
      for (const row of await fetch(keys)) byKey.set(String(keyOf(row)), row);
      return keys.map((key) => byKey.get(String(key)) ?? null);
    });
  }

  /** Many rows per key (a one-to-many relation): resolves to the key's rows, or []. */
  many<K extends Key, V>(
    name: string,
    fetch: (keys: readonly K[]) => Promise<V[]>,
    keyOf: (row: V) => Key,
    options?: BatchOptions,
  ): DataLoader<K, V[], string> {
    return this.loader(name, options, async (keys: readonly K[]) => {
      const byKey = new Map<string, V[]>();
      for (const row of await fetch(keys)) {
        const key = String(keyOf(row));
        const rows = byKey.get(key);
        if (rows) rows.push(row);
        else byKey.set(key, [row]);
      }
      return keys.map((key) => byKey.get(String(key)) ?? []);
    });
  }

  /** A query that needs no batching (a root-level page), with the same error handling. */
  run<T>(work: () => Promise<T>): Promise<T> {
    return fromSystem(this.system, work);
  }

  private loader<K extends Key, V>(
    name: string,
    options: BatchOptions | undefined,
    batch: (keys: readonly K[]) => Promise<V[]>,
  ): DataLoader<K, V, string> {
    let loader = this.loaders.get(name);
    if (!loader) {
      const family = name.split(':')[0];
      loader = new DataLoader<K, V, string>(
        (keys) => {
          this.observeBatch(family, keys.length);
          return fromSystem(this.system, () => batch(keys));
        },
        {
          maxBatchSize: options?.maxBatchSize ?? MAX_BATCH_SIZE,
          cacheKeyFn: String,
        },
      ) as unknown as DataLoader<Key, unknown, string>;
      this.loaders.set(name, loader);
    }
    return loader as unknown as DataLoader<K, V, string>;
  }
}

async function fromSystem<T>(system: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof GraphQLError || !isConnectionFailure(error)) throw error;
    throw new UpstreamUnavailableError(system, error as Error);
  }
}
