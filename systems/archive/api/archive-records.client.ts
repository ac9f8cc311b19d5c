import { UpstreamUnavailableError } from '../../../contracts/errors';
import { type HttpAnswer, HttpConnection, HttpTimeoutError } from '../../../platform/http-connection';
import { MAX_ACCOUNTS_PER_LOOKUP, MAX_RECORDS_PER_LOOKUP } from './lookup-limits';
import type { LegacyAccount } from './records-repository';
import { LEGACY_ACCOUNT_NOT_FOUND } from './lookup-limits';

export type RecordKind = 'orders' | 'invoices' | 'interactions';

/** The accounts one lookup of `limitPerAccount` each can name within both bounds. */
export function accountsPerLookup(limitPerAccount: number): number {
  return Math.max(1, Math.min(MAX_ACCOUNTS_PER_LOOKUP, Math.floor(MAX_RECORDS_PER_LOOKUP / limitPerAccount)));
}

export interface AccountRecords<T> {
  accountNumber: string;
  items: T[];
}

export interface AccountLegacyNumbers {
  accountNumber: string;
  legacy: LegacyAccount[];
}

/** The records archive's HTTP/JSON API, over kept-alive connections: one JSON parse per answer, no redirects followed. */
export class ArchiveRecordsClient {
  private readonly connection: HttpConnection;

  constructor(baseUrl: string, timeoutMs = 5000) {
    // As few as the gateway holds open to a subgraph: the records API costs more per request the more it holds at once.
    this.connection = new HttpConnection(baseUrl, timeoutMs, { connections: 16 });
  }

  /** The newest records of many accounts in one call; with `fields`, each record holds only those fields. */
  async newestPerAccount<T>(
    kind: RecordKind,
    accountNumbers: readonly string[],
    limitPerAccount: number,
    fields?: readonly string[],
  ): Promise<AccountRecords<T>[]> {
    const { data } = await this.post<{ results: Record<string, { items: T[] }> }>(`/v1/${kind}/lookup`, {
      accountNumbers,
      limitPerAccount,
      fields,
    });
    return Object.entries(resultsOf(data, (page) => Array.isArray(page?.items))).map(([accountNumber, page]) => ({
      accountNumber,
      items: page.items,
    }));
  }

  /** The legacy numbers each of these accounts had (none for most), in one call. */
  async legacyAccountsOf(accountNumbers: readonly string[]): Promise<AccountLegacyNumbers[]> {
    const { data } = await this.post<{ results: Record<string, LegacyAccount[]> }>('/v1/legacy-accounts/lookup', { accountNumbers });
    return Object.entries(resultsOf(data, Array.isArray)).map(([accountNumber, legacy]) => ({ accountNumber, legacy }));
  }

  /**
   * The account number a legacy account number became; undefined when the archive says it knows no such number
   * (its own code, not any 404). In a body, never in a URL: a search term stays out of access logs and traces.
   */
  async accountNumberOfLegacy(legacyAccountNumber: string): Promise<string | undefined> {
    const { status, data } = await this.post<{ accountNumber?: string; error?: { code?: string } }>(
      '/v1/legacy-accounts/find',
      { number: legacyAccountNumber },
      [200, 404],
    );
    if (status === 200 && typeof data?.accountNumber === 'string') return data.accountNumber;
    if (status === 404 && data?.error?.code === LEGACY_ACCOUNT_NOT_FOUND) return undefined;
    // A 200 without an account number is a broken archive, as for the lookups; a 404 that is not the API's own is ours to fix.
    if (status === 200) throw brokenAnswer('a legacy-number lookup');
    throw new Error(`The records API answered a legacy-number lookup with status ${status} and no answer it defines`);
  }

  async ping(): Promise<void> {
    const answer = await this.connection.call('GET', '/health', undefined, {}, 2000);
    if (answer.status !== 200) throw new Error(`records API health: status ${answer.status}`);
  }

  close(): void {
    void this.connection.close();
  }

  /**
   * One call and its parsed answer. Unreachable, slow or failing archive (5xx, or an answer that is not
   * JSON): UPSTREAM_UNAVAILABLE, so the caller gets partial data. Any other status than `expected` means
   * we sent something wrong, which is a bug to surface, not an outage. Either way the error keeps only
   * the status or the network code: the request's body (account numbers, a search term) never reaches a log.
   */
  private async post<T>(path: string, payload: unknown, expected: readonly number[] = [200]): Promise<{ status: number; data: T | null }> {
    let answer: HttpAnswer;
    try {
      answer = await this.connection.call('POST', path, JSON.stringify(payload), JSON_HEADERS);
    } catch (error) {
      const reason = error instanceof HttpTimeoutError ? 'timeout' : ((error as { code?: string }).code ?? 'unreachable');
      throw new UpstreamUnavailableError('records archive', new Error(`records API ${reason}`));
    }
    if (answer.status >= 500) throw new UpstreamUnavailableError('records archive', new Error(`records API status ${answer.status}`));
    if (!expected.includes(answer.status)) throw new Error(`The records API refused a request: records API status ${answer.status}`);
    try {
      return { status: answer.status, data: JSON.parse(answer.body) as T | null };
    } catch {
      // JSON.parse's own message quotes the text it could not read.
      throw new UpstreamUnavailableError('records archive', new Error(`records API answered status ${answer.status} with no JSON`));
    }
  }
}

/**
 * A lookup answer's `results`, each account's entry of the shape `isEntry` accepts. An archive that answers 200 with
 * anything else is broken, not empty: an outage, so the caller gets partial data rather than a masked internal error.
 */
function resultsOf<E>(data: { results: Record<string, E> } | null, isEntry: (entry: E) => boolean): Record<string, E> {
  const results = data?.results;
  if (typeof results === 'object' && results !== null && !Array.isArray(results) && Object.values(results).every(isEntry)) {
    return results;
  }
  throw brokenAnswer('a lookup');
}

/** An archive that answers 200 with what the API does not define: an outage that quotes nothing of the answer. */
function brokenAnswer(what: string): UpstreamUnavailableError {
  return new UpstreamUnavailableError('records archive', new Error(`records API answered ${what} with an answer it does not define`));
}

const JSON_HEADERS = { 'content-type': 'application/json', accept: 'application/json' };
