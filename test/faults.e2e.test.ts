import { startGateway } from '../gateway/gateway-server';
import type { Stack } from '../scripts/start-stack';
import { createTestSystems, type TestSystems } from './support/backends';
import { describeMysql } from './support/mysql';
import { postGraphQL, startTestStack, testGatewayConfig, testLogger, tokenFor } from './support/test-stack';
import { waitFor } from './support/processes';
import { TcpProxy } from './support/tcp-proxy';

const PAGE = '{ customers(first: 5) { nodes { id name segment } } }';

describeMysql('faults', () => {
  let systems: TestSystems;
  let database: TcpProxy;
  let stack: Stack;

  beforeAll(async () => {
    systems = await createTestSystems('mysql', 40);
    const mysql = new URL(systems.urls.oltp);
    // The crm subgraph reaches the OLTP database only through a proxy the test can cut.
    database = await TcpProxy.start({ host: mysql.hostname, port: Number(mysql.port || 3306) });
    stack = await startTestStack({ ...systems, urls: { ...systems.urls, oltp: database.route(systems.urls.oltp) } });
  });

  afterAll(async () => {
    await stack?.stop();
    await database?.close();
    await systems?.drop();
  });

  const ready = async () => (await fetch(new URL('/ready', stack.gateway.url))).status === 200;

  it('fails cleanly while the database connection is lost mid-traffic, reports not ready, and recovers by itself', async () => {
    const token = await tokenFor('dpo');
    expect((await postGraphQL(stack.gateway.url, PAGE, undefined, token)).body.errors).toBeUndefined();

    const inFlight = Array.from({ length: 20 }, () => postGraphQL(stack.gateway.url, PAGE, undefined, token));
    await database.cut();
    const during = [...(await Promise.all(inFlight)), await postGraphQL(stack.gateway.url, PAGE, undefined, token)];
    for (const response of during) {
      expect(response.status).toBe(200);
      for (const error of response.body.errors ?? []) expect(error.extensions?.code).toBe('UPSTREAM_UNAVAILABLE');
      expect(response.text).not.toMatch(/select |ECONNRE|PROTOCOL_CONNECTION_LOST|127\.0\.0\.1|3306/i);
    }
    expect(during.at(-1)!.body.errors?.[0]?.extensions).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', system: 'CRM database' });
    const readiness = await fetch(new URL('/ready', stack.gateway.url));
    expect(readiness.status).toBe(503);
    expect((await readiness.json()).subgraphs).toMatchObject({ crm: 'unavailable', analytics: 'ready' });

    await database.restore();
    await waitFor(ready);
    const after = await postGraphQL(stack.gateway.url, PAGE, undefined, token);
    expect(after.body.errors).toBeUndefined();
    expect(after.body.data.customers.nodes).toHaveLength(5);
  });

  it('answers without a slow subgraph once its timeout passes: partial data and an error at its paths', async () => {
    const analytics = new URL(stack.analytics.url);
    const slow = await TcpProxy.start({ host: analytics.hostname, port: Number(analytics.port) });
    slow.latencyMs = 5_000;
    const subgraphUrls = {
      crm: stack.crm.url,
      archive: stack.archive.url,
      privacy: stack.privacy.url,
      analytics: slow.route(stack.analytics.url),
    };
    const gateway = await startGateway(
      testGatewayConfig(systems, {
        gateway: { subgraphUrls, subgraphTimeoutsMs: { crm: 10_000, archive: 10_000, privacy: 10_000, analytics: 500 } },
      }),
      testLogger('gateway'),
    );
    try {
      const started = Date.now();
      const { status, body } = await postGraphQL(gateway.url, PAGE, undefined, await tokenFor('dpo'));
      // Answered well before the subgraph would have (the timeout, not the subgraph, decided).
      expect(Date.now() - started).toBeLessThan(slow.latencyMs);
      expect(status).toBe(200);
      expect(body.data.customers.nodes.map((c: any) => c.name)).toEqual(Array(5).fill(expect.any(String)));
      expect(body.data.customers.nodes.map((c: any) => c.segment)).toEqual(Array(5).fill(null));
      expect(body.errors?.[0]).toMatchObject({
        path: ['customers', 'nodes', 0, 'segment'],
        extensions: { code: 'SUBGRAPH_UNAVAILABLE', serviceName: 'analytics' },
      });
    } finally {
      await gateway.stop();
      await slow.close();
    }
  });
});
