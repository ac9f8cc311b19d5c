import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { HttpConnection, HttpTimeoutError } from './http-connection';

async function listen(server: Server): Promise<string> {
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
}

async function close(server: Server): Promise<void> {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
}

describe('HttpConnection', () => {
  it('posts the body with the headers to the subgraph path and returns status and body', async () => {
    const received: Array<{ method?: string; url?: string; headers: Record<string, unknown>; body: string }> = [];
    const server = createServer(async (req, res) => {
      let body = '';
      for await (const chunk of req) body += chunk;
      received.push({ method: req.method, url: req.url, headers: req.headers, body });
      res.statusCode = 207;
      res.end('{"data":{"ok":true}}');
    });
    const connection = new HttpConnection(`${await listen(server)}?x=1`, 5000);
    try {
      const answer = await connection.post('{"query":"{ ok }"}', { 'content-type': 'application/json', 'x-request-id': 'r-123456789' });
      expect(answer).toEqual({ status: 207, body: '{"data":{"ok":true}}' });
      expect(received).toEqual([expect.objectContaining({ method: 'POST', url: '/graphql?x=1', body: '{"query":"{ ok }"}' })]);
      expect(received[0].headers).toMatchObject({ 'content-type': 'application/json', 'x-request-id': 'r-123456789' });
    } finally {
      await connection.close();
      await close(server);
    }
  });

  it('keeps one deadline for the whole call: an answer that trickles in past it is abandoned', async () => {
    // Headers at once, then one byte every 50 ms for 5 s: never idle long, never finished in time.
    const server = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      let sent = 0;
      const drip = setInterval(() => {
        if (++sent <= 100) return void res.write(' ');
        clearInterval(drip);
        res.end();
      }, 50);
      res.on('close', () => clearInterval(drip));
    });
    const connection = new HttpConnection(await listen(server), 300);
    try {
      await expect(connection.post('{}', {})).rejects.toBeInstanceOf(HttpTimeoutError);
    } finally {
      await connection.close();
      await close(server);
    }
  });

  it('fails at once when nothing listens', async () => {
    const server = createServer();
    const url = await listen(server);
    await close(server);
    const connection = new HttpConnection(url, 5000);
    try {
      await expect(connection.post('{}', {})).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    } finally {
      await connection.close();
    }
  });

  it('closes once, however often it is asked to', async () => {
    const connection = new HttpConnection('http://127.0.0.1:1/graphql', 1000);
    // A second close of an undici pool rejects (ClientDestroyedError): unhandled, that ends the process.
    await expect(Promise.all([connection.close(), connection.close()])).resolves.toHaveLength(2);
    await connection.close();
  });

  it('holds no more requests in flight than its connections; the others wait their turn, and all are answered', async () => {
    let inFlight = 0;
    let most = 0;
    const server = createServer((_req, res) => {
      most = Math.max(most, ++inFlight);
      setTimeout(() => {
        inFlight -= 1;
        res.end('{}');
      }, 30);
    });
    const connection = new HttpConnection(await listen(server), 5000, { connections: 2 });
    try {
      const answers = await Promise.all(Array.from({ length: 7 }, () => connection.post('{}', {})));
      expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200, 200, 200, 200, 200]);
      expect(most).toBe(2);
    } finally {
      await connection.close();
      await close(server);
    }
  });

  it('keeps a waiting request to its own deadline, although every connection is busy past it', async () => {
    const received: string[] = [];
    const server = createServer((req) => {
      received.push(req.url ?? '');
      // Never answered: the one connection stays busy until its caller gives up.
    });
    const connection = new HttpConnection(await listen(server), 60_000, { connections: 1 });
    try {
      void connection.call('POST', '/hangs', '{}', {}).catch(() => undefined);
      await new Promise((resolve) => setTimeout(resolve, 50));
      await expect(connection.call('POST', '/waits', '{}', {}, 200)).rejects.toBeInstanceOf(HttpTimeoutError);
      // It gave up while still waiting for a connection: it was never sent.
      expect(received).toEqual(['/graphql/hangs']);
    } finally {
      await close(server);
      await connection.close().catch(() => undefined);
    }
  });
});
