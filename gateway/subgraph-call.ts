import { type Dispatcher, Pool } from 'undici';

/** A subgraph's HTTP answer: the status and the whole body. */
export interface SubgraphAnswer {
  status: number;
  body: string;
}

/** The subgraph took longer than its timeout, in all, to answer (exported: the timeout tests tell it from other failures). */
export class SubgraphTimeoutError extends Error {
  constructor(timeoutMs: number) {
    super(`no answer within ${timeoutMs} ms`);
    this.name = 'SubgraphTimeoutError';
  }
}

/**
 * The gateway's HTTP connection to one subgraph: a pool of kept-alive connections on
 * undici's dispatcher, with the answer collected straight from the socket (no WHATWG
 * Request/Response, Headers or web streams per call: with `fetch` those were most of a
 * call's cost). Each call has one deadline in all, connecting included, and is never retried.
 */
export class SubgraphConnection {
  private readonly pool: Pool;
  private readonly path: string;

  constructor(
    url: string,
    private readonly timeoutMs: number,
  ) {
    const { origin, pathname, search } = new URL(url);
    this.pool = new Pool(origin, { keepAliveTimeout: 4_000, connect: { timeout: timeoutMs } });
    this.path = pathname + search;
  }

  post(body: string, headers: Record<string, string>): Promise<SubgraphAnswer> {
    return new Promise((resolve, reject) => {
      const chunks: Buffer[] = [];
      let status = 0;
      let controller: Dispatcher.DispatchController | undefined;
      let timedOut: SubgraphTimeoutError | undefined;
      // A plain timer, cleared on the answer: AbortSignal.timeout would keep a signal and a timer per call alive until it fires.
      const deadline = setTimeout(() => {
        timedOut = new SubgraphTimeoutError(this.timeoutMs);
        controller?.abort(timedOut);
      }, this.timeoutMs);
      this.pool.dispatch(
        { path: this.path, method: 'POST', headers, body },
        {
          onRequestStart: (started) => {
            controller = started;
            if (timedOut) started.abort(timedOut);
          },
          onResponseStart: (_controller, statusCode) => {
            status = statusCode;
          },
          onResponseData: (_controller, chunk) => {
            chunks.push(chunk);
          },
          onResponseEnd: () => {
            clearTimeout(deadline);
            resolve({ status, body: Buffer.concat(chunks).toString('utf8') });
          },
          onResponseError: (_controller, error) => {
            clearTimeout(deadline);
            reject(timedOut ?? error);
          },
        },
      );
    });
  }

  /** Closes the kept-alive connections (the gateway is stopping). */
  close(): Promise<void> {
    return this.pool.close();
  }
}
