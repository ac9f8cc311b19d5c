import http from 'node:http';
import https from 'node:https';
import axios, { type AxiosInstance, isAxiosError } from 'axios';
import { UpstreamUnavailableError } from '../../../contracts/errors';
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

/** The records archive's HTTP/JSON API, over keep-alive connections. */
export class ArchiveRecordsClient {
  private readonly http: AxiosInstance;
  private readonly agents = {
    httpAgent: new http.Agent({ keepAlive: true, maxSockets: 32 }),
    httpsAgent: new https.Agent({ keepAlive: true, maxSockets: 32 }),
  };

  constructor(baseUrl: string, timeoutMs = 5000) {
    this.http = axios.create({ baseURL: baseUrl, timeout: timeoutMs, ...this.agents });
  }

  /** The newest records of many accounts in one call. */
  async newestPerAccount<T>(kind: RecordKind, accountNumbers: readonly string[], limitPerAccount: number): Promise<AccountRecords<T>[]> {
    try {
      const response = await this.http.post<{ results: Record<string, { items: T[] }> }>(`/v1/${kind}/lookup`, {
        accountNumbers,
        limitPerAccount,
      });
      return Object.entries(response.data.results).map(([accountNumber, page]) => ({ accountNumber, items: page.items }));
    } catch (error) {
      throw asOutage(error);
    }
  }

  /** The legacy numbers each of these accounts had (none for most), in one call. */
  async legacyAccountsOf(accountNumbers: readonly string[]): Promise<AccountLegacyNumbers[]> {
    try {
      const response = await this.http.post<{ results: Record<string, LegacyAccount[]> }>('/v1/legacy-accounts/lookup', { accountNumbers });
      return Object.entries(response.data.results).map(([accountNumber, legacy]) => ({ accountNumber, legacy }));
    } catch (error) {
      throw asOutage(error);
    }
  }

  /**
   * The account number a legacy account number became; undefined when the archive says it knows no such number
   * (its own code, not any 404). In a body, never in a URL: a search term stays out of access logs and traces.
   */
  async accountNumberOfLegacy(legacyAccountNumber: string): Promise<string | undefined> {
    try {
      const response = await this.http.post<{ accountNumber?: string; error?: { code?: string } }>(
        '/v1/legacy-accounts/find',
        { number: legacyAccountNumber },
        { validateStatus: (status) => status === 200 || status === 404 },
      );
      if (response.status === 200 && typeof response.data.accountNumber === 'string') return response.data.accountNumber;
      if (response.status === 404 && response.data.error?.code === LEGACY_ACCOUNT_NOT_FOUND) return undefined;
      throw new Error(`The records API answered a legacy-number lookup with status ${response.status} and no answer it defines`);
    } catch (error) {
      throw asOutage(error);
    }
  }

  async ping(): Promise<void> {
    await this.http.get('/health', { timeout: 2000 });
  }

  close(): void {
    this.agents.httpAgent.destroy();
    this.agents.httpsAgent.destroy();
  }
}

/**
 * Unreachable, slow or failing archive: UPSTREAM_UNAVAILABLE, so the caller gets partial data. A 4xx
 * means we sent something wrong, which is a bug to surface, not an outage. Either way the error keeps only
 * the status and the code: the request's parameters and body (account numbers, a search term) never reach a log.
 */
function asOutage(error: unknown): unknown {
  if (!isAxiosError(error)) return error;
  const cause = new Error(`records API ${error.response ? `status ${error.response.status}` : (error.code ?? 'unreachable')}`);
  if (!error.response || error.response.status >= 500) return new UpstreamUnavailableError('records archive', cause);
  return new Error(`The records API refused a request: ${cause.message}`);
}
