import { LRUCache } from 'lru-cache';
import { type Principal, principalKey } from '../../contracts/principal';

export interface WarehouseCacheOptions {
  /** Answers kept (one per caller, question and customer); 0 turns the cache off. */
  entries: number;
  /** How often the warehouse is asked whether a new load has arrived. */
  checkEveryMs: number;
}

export const DEFAULT_WAREHOUSE_CACHE: WarehouseCacheOptions = { entries: 10_000, checkEveryMs: 10_000 };

/**
 * The warehouse changes only when a load arrives, so an answer stays true until the next
 * load. Answers are kept per caller (never shared between principals) and per load: once
 * a newer load is seen (checked at most every `checkEveryMs`), older answers are not used.
 */
export class WarehouseAnswerCache {
  private readonly answers: LRUCache<string, unknown[]>;
  /**
   * Each (load, caller, question) gets a number of its own, never reused, that stands for it in the
   * answers' keys: a key is looked up per customer, and hashing the caller's whole description a
   * hundred times a page cost more than the look-ups themselves. A number forgotten here only leaves
   * its answers unreachable until they are evicted; a new one is drawn the next time.
   */
  private readonly prefixes: LRUCache<string, string>;
  private nextPrefix = 0;
  private latest?: { load: Promise<string>; until: number };

  constructor(
    private readonly currentLoad: () => Promise<string>,
    private readonly options: WarehouseCacheOptions,
  ) {
    this.answers = new LRUCache({ max: Math.max(1, options.entries) });
    this.prefixes = new LRUCache({ max: Math.max(1, options.entries) });
  }

  /** `fetch` for one caller: customers this caller already asked about since the current load come from memory. */
  cached<V>(
    principal: Principal,
    question: string,
    fetch: (ids: readonly string[]) => Promise<V[]>,
    keyOf: (row: V) => string,
  ): (ids: readonly string[]) => Promise<V[]> {
    if (this.options.entries === 0) return fetch;
    return async (ids) => {
      const prefix = this.prefixOf(`${await this.load()}|${principalKey(principal)}|${question}`);
      const known: V[] = [];
      const missing: string[] = [];
      for (const id of ids) {
        const rows = this.answers.get(prefix + id) as V[] | undefined;
        if (rows) known.push(...rows);
        else missing.push(id);
      }
      if (missing.length === 0) return known;
      const fetched = await fetch(missing);
      const byId = new Map<string, V[]>(missing.map((id) => [id, []]));
      for (const row of fetched) byId.get(keyOf(row))?.push(row);
      for (const [id, rows] of byId) this.answers.set(prefix + id, rows);
      return [...known, ...fetched];
    };
  }

  /** `n|`: a number holds no `|`, so the key's first `|` always ends it, whatever the customer id holds. */
  private prefixOf(scope: string): string {
    let prefix = this.prefixes.get(scope);
    if (prefix === undefined) {
      prefix = `${this.nextPrefix++}|`;
      this.prefixes.set(scope, prefix);
    }
    return prefix;
  }

  /** The current load, asked once per interval however many requests need it meanwhile. */
  private load(): Promise<string> {
    const now = Date.now();
    if (!this.latest || this.latest.until <= now) {
      const load = this.currentLoad();
      this.latest = { load, until: now + this.options.checkEveryMs };
      // A failed check is not remembered: the next request asks again.
      load.catch(() => (this.latest = undefined));
    }
    return this.latest.load;
  }
}
