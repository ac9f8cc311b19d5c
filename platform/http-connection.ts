import { type Dispatcher, Pool } from 'undici';

/** An HTTP answer: the status and the whole body. */
export interface HttpAnswer {
  status: number;
  body: string;
}

/** The service took longer than the call's timeout, in all, to answer (exported: callers and tests tell it from other failures). */
export class HttpTimeoutError extends Error {
  constructor(timeoutMs: number) {
    super(`no answer within ${timeoutMs} ms`);
    this.name = 'HttpTimeoutError';
  }
}

/**
 * A kept-alive connection pool to one internal service (a subgraph, the records API) on undici's
 * dispatcher, with the answer collected straight from the socket: no WHATWG Request/Response,
 * Headers or web streams per call (with `fetch` those were most of a call's cost), no redirect
 * follower, no body transformation. Each call has one deadline in all, connecting included, and is
 * never retried.
 */
export class HttpConnection {
  private readonly pool: Pool;
  private closed?: Promise<void>;
  /** The URL's own path and query: calls without a path of their own go there; other paths go under its folder. */
  private readonly path: string;
  private readonly base: string;

  constructor(
    url: string,
    private readonly timeoutMs: number,
    options: { connections?: number } = {},
  ) {
    const { origin, pathname, search } = new URL(url);
    this.pool = new Pool(origin, { keepAliveTimeout: 4_000, connect: { timeout: timeoutMs }, connections: options.connections ?? null });
    this.path = pathname + search;
    this.base = pathname.replace(/\/+$/, '');
  }

  /** POSTs to the URL the connection was made for. */
  post(body: string, headers: Record<string, string>): Promise<HttpAnswer> {
    return this.request('POST', this.path, body, headers, this.timeoutMs);
  }

  /** A call to `path` under the URL's own path (`/v1/orders/lookup` under `http://archive:4010/`, say). */
  call(method: 'GET' | 'POST', path: string, body: string | undefined, headers: Record<string, string>, timeoutMs = this.timeoutMs) {
    return this.request(method, this.base + path, body, headers, timeoutMs);
  }

  private request(
    method: 'GET' | 'POST',
    path: string,
    body: string | undefined,
    headers: Record<string, string>,
    timeoutMs: number,
  ): Promise<HttpAnswer> {
    return new Promise((resolve, reject) => {
      const chunks: Buffer[] = [];
      let status = 0;
      let controller: Dispatcher.DispatchController | undefined;
      let timedOut: HttpTimeoutError | undefined;
      // A plain timer, cleared on the answer: AbortSignal.timeout would keep a signal and a timer per call alive until it fires.
      // It fails the call at once, also while the call still waits for a free connection (undici hands it a controller
      // only when it is sent); one that never got out is aborted when its turn comes.
      const deadline = setTimeout(() => {
        timedOut = new HttpTimeoutError(timeoutMs);
        controller?.abort(timedOut);
        reject(timedOut);
      }, timeoutMs);
      this.pool.dispatch(
        { path, method, headers, body },
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

  /** Closes the kept-alive connections (the caller is stopping); closing again waits for the same close. */
  close(): Promise<void> {
    this.closed ??= this.pool.close();
    return this.closed;
  }
}
