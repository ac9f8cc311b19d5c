import http from 'node:http';
import axios, { type AxiosInstance } from 'axios';
import { UpstreamUnavailableError } from '../../resolvers/errors';

export type RecordKind = 'orders' | 'invoices' | 'interactions';

export interface AccountRecords<T> {
  items: T[];
  hasMore: boolean;
}

/** The records archive's HTTP/JSON API, over keep-alive connections. */
export class ArchiveRecordsClient {
  private readonly http: AxiosInstance;

  constructor(baseUrl: string, timeoutMs = 5000) {
    this.http = axios.create({
      baseURL: baseUrl,
      timeout: timeoutMs,
      httpAgent: new http.Agent({ keepAlive: true, maxSockets: 32 }),
    });
  }

  /** The newest records of many accounts in one call. */
  async newestPerAccount<T>(kind: RecordKind, accountNumbers: readonly string[], limitPerAccount: number): Promise<Record<string, AccountRecords<T>>> {
    try {
      const response = await this.http.post<{ results: Record<string, AccountRecords<T>> }>(`/v1/${kind}/lookup`, {
        accountNumbers,
        limitPerAccount,
      });
      return response.data.results;
    } catch {
      throw new UpstreamUnavailableError('records archive');
    }
  }

  async ping(): Promise<void> {
    await this.http.get('/health', { timeout: 2000 });
  }
}
