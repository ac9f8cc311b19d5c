import { once } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** Whether a request path is the GraphQL endpoint (`/graphql`, with or without a query string). */
function isGraphQLPath(url: string | undefined): boolean {
  const { pathname } = new URL(url ?? '/', 'http://proxy');
  return pathname === '/graphql' || pathname.startsWith('/graphql/');
}

/** Whether a request is a health, readiness or metrics probe rather than a call for data. */
function isProbePath(url: string | undefined): boolean {
  return ['/health', '/ready', '/metrics'].includes(new URL(url ?? '/', 'http://proxy').pathname);
}

/**
 * An HTTP proxy between the gateway and one real subgraph that records what the gateway
 * asked: how many GraphQL requests it sent and the document of each. Everything is passed
 * on unchanged, answers included; when the subgraph cannot be reached the gateway's
 * connection is dropped, as it would be without the proxy.
 */
export class RecordingProxy {
  /** Requests to /graphql passed on so far (health and readiness excluded). */
  graphqlRequests = 0;
  /** Requests passed on so far to any path but the probes (/health, /ready, /metrics): what a REST service was asked. */
  requests = 0;
  /** The GraphQL documents of those requests, oldest first. */
  readonly documents: string[] = [];
  private readonly agent = new http.Agent({ keepAlive: true });

  private constructor(
    private readonly server: http.Server,
    private readonly target: URL,
  ) {}

  /** Starts a proxy on a free port in front of the subgraph at `targetUrl`. */
  static async start(targetUrl: string): Promise<RecordingProxy> {
    const server = http.createServer();
    // As the subgraphs do: longer than the gateway keeps an idle connection, so no reused one is closed under it.
    server.keepAliveTimeout = 65_000;
    server.headersTimeout = 66_000;
    const proxy = new RecordingProxy(server, new URL(targetUrl));
    server.on('request', (req, res) => proxy.pass(req, res));
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    return proxy;
  }

  /** `targetUrl` as reached through the proxy. */
  get url(): string {
    const url = new URL(this.target);
    url.hostname = '127.0.0.1';
    url.port = String((this.server.address() as AddressInfo).port);
    return url.toString();
  }

  close(): Promise<void> {
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.server.closeAllConnections();
    this.agent.destroy();
    return closed;
  }

  private pass(req: http.IncomingMessage, res: http.ServerResponse): void {
    const graphql = isGraphQLPath(req.url);
    if (graphql) this.graphqlRequests += 1;
    if (!isProbePath(req.url)) this.requests += 1;
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      if (graphql) this.record(body);
      const upstream = http.request(
        {
          host: this.target.hostname,
          port: this.target.port,
          method: req.method,
          path: req.url,
          headers: { ...req.headers, host: this.target.host },
          agent: this.agent,
        },
        (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        },
      );
      upstream.on('error', () => req.socket.destroy());
      upstream.end(body);
    });
  }

  private record(body: Buffer): void {
    try {
      const { query } = JSON.parse(body.toString('utf8')) as { query?: unknown };
      if (typeof query === 'string') this.documents.push(query);
    } catch {
      // Not JSON: the subgraph refuses it; there is no document to record.
    }
  }
}
