import { connect } from 'node:net';
import pino from 'pino';
import { connectDatabase } from '../platform/database';
import type { Stack } from '../scripts/start-stack';
import { createTestSystems, type TestSystems } from './support/backends';
import { describeMysql } from './support/mysql';
import { startGateway } from '../gateway/gateway-server';
import { waitFor } from './support/processes';
import { postGraphQL, startTestStack, testGatewayConfig, testLogger, tokenFor } from './support/test-stack';

/** The value of the sample of `name` carrying all these labels, or undefined when there is none. */
function sample(metrics: string, name: string, labels: Record<string, string> = {}): number | undefined {
  for (const line of metrics.split('\n')) {
    const match = /^([a-z_]+)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (match?.[1] !== name) continue;
    const present = new Set((match[2] ?? '').split(',').filter(Boolean));
    if (Object.entries(labels).every(([key, value]) => present.has(`${key}="${value}"`))) return Number(match[3]);
  }
  return undefined;
}

/** How much a sample grew between two scrapes (a missing sample counts as 0). */
function increase(before: string, after: string, name: string, labels: Record<string, string> = {}): number {
  return (sample(after, name, labels) ?? 0) - (sample(before, name, labels) ?? 0);
}

describeMysql('observability', () => {
  let systems: TestSystems;
  let stack: Stack;
  const logLines: Array<Record<string, unknown>> = [];

  beforeAll(async () => {
    systems = await createTestSystems('mysql', 20);
    const logger = (service: string) =>
      pino({ level: 'debug', base: { service } }, { write: (line: string) => void logLines.push(JSON.parse(line)) });
    stack = await startTestStack(systems, { logger });
  });

  afterAll(async () => {
    await stack?.stop();
    await systems?.drop();
  });

  const metricsOf = async (url: string) => {
    const response = await fetch(new URL('/metrics', url));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
    return response.text();
  };

  it("follows the gateway's own request id through every subgraph it called, in JSON logs, with the client's id beside it", async () => {
    const clientRequestId = 'trace-me-0123456789';
    const response = await fetch(stack.gateway.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${await tokenFor('dpo', { client: 'privacy-desk' })}`,
        'x-request-id': clientRequestId,
      },
      body: JSON.stringify({
        query:
          'query Traced($first: Int!) { customers(first: $first) { nodes { id name segment archivedOrders(first: 1) { orderNumber } } } }',
        variables: { first: 2 },
      }),
    });
    expect((await response.json()).errors).toBeUndefined();
    const requestId = response.headers.get('x-request-id');
    expect(requestId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(logLines.filter((line) => line.requestId === clientRequestId)).toEqual([]);
    const services = logLines.filter((line) => line.requestId === requestId && line.msg === 'graphql request').map((line) => line.service);
    expect(new Set(services)).toEqual(new Set(['gateway', 'crm', 'analytics', 'archive']));
    const clients = logLines.filter((line) => line.requestId === requestId && line.msg === 'graphql request').map((line) => line.clientId);
    expect(new Set(clients)).toEqual(new Set(['privacy-desk']));
    const gatewayLine = logLines.find((line) => line.requestId === requestId && line.service === 'gateway');
    expect(gatewayLine).toMatchObject({
      clientRequestId,
      clientId: 'privacy-desk',
      operationName: 'Traced',
      status: 200,
      errorCodes: [],
      durationMs: expect.any(Number),
    });
    // Never variables: neither the client's (sent here) nor those the gateway sends the subgraphs.
    expect(JSON.stringify(logLines)).not.toContain('"variables"');
  });

  it('logs one line for each request the gateway refuses before Apollo, under its request id, never its variables', async () => {
    const send = async (headers: Record<string, string>, body: string) => {
      const response = await fetch(stack.gateway.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body,
      });
      const requestId = response.headers.get('x-request-id');
      return { status: response.status, lines: logLines.filter((line) => line.requestId === requestId) };
    };
    const query = (text: string, variables = {}) => JSON.stringify({ query: text, variables });
    const agent = await tokenFor('support_agent', { client: 'desk-app' });
    const partner = await tokenFor('acme_delivery');
    const refused = [
      await send({ authorization: `Bearer ${agent}`, 'x-purpose': 'marketing' }, query('{ customers { nodes { id } } }')),
      await send({ authorization: `Bearer ${agent}` }, query('{ customers { nodes { id } } }', { pad: 'x'.repeat(1_100_000) })),
      await send({ authorization: `Bearer ${partner}` }, query('{ customers { nodes { id } } }', { secret: 'do-not-log-me' })),
      await send({}, query('{ customers { nodes { id } } }')),
    ];
    expect(
      refused.map(({ status, lines }) => [status, lines.map((line) => [line.msg, line.status, line.errorCodes, line.clientId])]),
    ).toEqual([
      [403, [['request refused', 403, ['PURPOSE_NOT_ALLOWED'], 'desk-app']]],
      [413, [['request refused', 413, ['BAD_REQUEST'], 'desk-app']]],
      [400, [['request refused', 400, ['PERSISTED_QUERY_REQUIRED'], 'acme-delivery']]],
      // A 401 is identity's own line, with the reason.
      [401, [['unauthenticated request refused', undefined, undefined, undefined]]],
    ]);
    expect(JSON.stringify(logLines)).not.toContain('do-not-log-me');
  });

  it('logs one line for a request over its rate budget, and one for a refusal whose caller hung up before the answer', async () => {
    const subgraphUrls = { crm: stack.crm.url, archive: stack.archive.url, analytics: stack.analytics.url, privacy: stack.privacy.url };
    const lines: Array<Record<string, unknown>> = [];
    const logger = pino({ level: 'info', base: { service: 'gateway' } }, { write: (line: string) => void lines.push(JSON.parse(line)) });
    const limited = await startGateway(
      testGatewayConfig(systems, { gateway: { subgraphUrls, rateLimits: { perClientPerMinute: 0, perSubjectPerMinute: 1 } } }),
      logger,
    );
    try {
      const agent = await tokenFor('support_agent', { client: 'desk-app' });
      const ask = () =>
        fetch(limited.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${agent}` },
          body: JSON.stringify({ query: '{ customers(first: 1) { nodes { id } } }' }),
        });
      expect((await ask()).status).toBe(200);
      const over = await ask();
      expect(over.status).toBe(429);
      const overId = over.headers.get('x-request-id');
      expect(
        lines.filter((line) => line.requestId === overId).map((line) => [line.msg, line.status, line.errorCodes, line.clientId]),
      ).toEqual([['request refused', 429, ['RATE_LIMITED'], 'desk-app']]);

      // A caller over budget that hangs up at once: the refusal is logged although its answer never reaches anyone.
      const { hostname, port, pathname } = new URL(limited.url);
      const body = JSON.stringify({ query: '{ customers(first: 1) { nodes { id } } }' });
      const refusedBefore = lines.filter((line) => line.msg === 'request refused').length;
      await new Promise<void>((resolve) => {
        const socket = connect(Number(port), hostname, () => {
          socket.write(
            `POST ${pathname} HTTP/1.1\r\nhost: ${hostname}\r\nauthorization: Bearer ${agent}\r\n` +
              `content-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
            () => socket.destroy(),
          );
        });
        socket.on('close', () => resolve());
      });
      const hungUp = await waitFor(() => lines.slice(refusedBefore).find((line) => line.msg === 'request refused'));
      expect([hungUp.status, hungUp.errorCodes, hungUp.clientId]).toEqual([429, ['RATE_LIMITED'], 'desk-app']);
    } finally {
      await limited.stop();
    }
  });

  it("names the service on the database driver's own lines: a connection the database dropped, seen by each pool", async () => {
    const admin = connectDatabase(systems.urls.oltp, { poolMax: 1 });
    try {
      const databases = [systems.urls.oltp, systems.urls.warehouse, systems.urls.archive, systems.audit.databaseUrl].map((url) =>
        new URL(url).pathname.slice(1),
      );
      const everyPool =
        '{ customers(first: 2) { nodes { id name segment archivedOrders(first: 1) { orderNumber } accessLog(first: 1) { at } } } }';
      // Every pool has an idle connection by now (the tests above read every system and wrote the trail; this reads the trail).
      expect((await postGraphQL(stack.gateway.url, everyPool, undefined, await tokenFor('dpo'))).body.errors).toBeUndefined();
      const { 0: connections } = await admin.raw(
        'SELECT id FROM information_schema.processlist WHERE db IN (?, ?, ?, ?) AND id <> connection_id()',
        databases,
      );
      for (const { id } of connections as Array<{ id: number }>) await admin.raw(`KILL ${Number(id)}`);
      const before = logLines.length;
      const response = await postGraphQL(stack.gateway.url, everyPool, undefined, await tokenFor('dpo'));
      expect(response.body.errors).toBeUndefined();
      await stack.gateway.audit.flush();
      const driverLines = () => logLines.slice(before).filter((line) => line.source === 'knex');
      await waitFor(() =>
        ['gateway', 'crm', 'analytics', 'archive-api', 'privacy'].every((service) =>
          driverLines().some((line) => line.service === service),
        ),
      );
      expect(driverLines()[0]).toMatchObject({ level: 40, msg: expect.stringMatching(/^Connection Error: /) });
    } finally {
      await admin.destroy();
    }
  });

  it('reports requests by operation and client, errors by code, subgraph calls and the audit trail at the gateway', async () => {
    const before = await metricsOf(stack.gateway.url);
    const agent = await tokenFor('support_agent');
    await postGraphQL(stack.gateway.url, 'query Counted { customers(first: 2) { nodes { id segment } } }', undefined, agent);
    await stack.gateway.audit.flush();
    const after = await metricsOf(stack.gateway.url);

    const delta = (name: string, labels: Record<string, string> = {}) => increase(before, after, name, labels);
    expect(delta('gateway_request_duration_seconds_count', { operation: 'Counted', client: 'support-agent-app', service: 'gateway' })).toBe(
      1,
    );
    // support_agent may not read segment: two customers, two FORBIDDEN errors.
    expect(delta('gateway_errors_total', { code: 'FORBIDDEN' })).toBe(2);
    expect(delta('gateway_subgraph_fetch_duration_seconds_count', { subgraph: 'crm' })).toBe(1);
    expect(delta('gateway_audit_records_written_total')).toBeGreaterThanOrEqual(1);
    expect(sample(after, 'gateway_audit_records_pending')).toBe(0);
    expect(after).toContain('process_resident_memory_bytes');
  });

  it('reports SQL statements and DataLoader batch sizes at each subgraph', async () => {
    const [crmBefore, analyticsBefore] = [await metricsOf(stack.crm.url), await metricsOf(stack.analytics.url)];
    await postGraphQL(stack.gateway.url, '{ customers(first: 7) { nodes { id accounts { accountNumber } segment } } }');
    const [crm, analytics] = [await metricsOf(stack.crm.url), await metricsOf(stack.analytics.url)];
    const delta = (after: string, before: string, name: string, labels: Record<string, string>) => increase(before, after, name, labels);

    // The page, the 7 customers' accounts in one statement, their consents (which analytics needs) in another.
    expect(delta(crm, crmBefore, 'subgraph_sql_statements_total', { system: 'oltp', service: 'crm' })).toBe(3);
    expect(delta(crm, crmBefore, 'subgraph_dataloader_batch_size_bucket', { loader: 'accounts', le: '5' })).toBe(0);
    expect(delta(crm, crmBefore, 'subgraph_dataloader_batch_size_bucket', { loader: 'accounts', le: '10' })).toBe(1);
    expect(delta(analytics, analyticsBefore, 'subgraph_sql_statements_total', { system: 'warehouse', service: 'analytics' })).toBe(1);
  });

  it('in production serves /metrics only to a scraper with METRICS_TOKEN', async () => {
    const subgraphUrls = { crm: stack.crm.url, archive: stack.archive.url, analytics: stack.analytics.url, privacy: stack.privacy.url };
    const metricsToken = 'scrape-0123456789abcdef';
    const [withToken, withoutToken] = await Promise.all([
      startGateway(testGatewayConfig(systems, { gateway: { subgraphUrls, production: true, metricsToken } }), testLogger('gateway')),
      startGateway(testGatewayConfig(systems, { gateway: { subgraphUrls, production: true } }), testLogger('gateway')),
    ]);
    try {
      const metrics = (url: string, authorization?: string) =>
        fetch(new URL('/metrics', url), { headers: authorization ? { authorization } : {} });
      expect((await metrics(withToken.url)).status).toBe(401);
      expect((await metrics(withToken.url, 'Bearer wrong-token-0123456789')).status).toBe(401);
      expect((await metrics(withToken.url, `Bearer ${metricsToken}`)).status).toBe(200);
      const missing = await metrics(withoutToken.url);
      expect(missing.status).toBe(404);
      expect(await missing.json()).toEqual({ errors: [{ message: 'Not found', extensions: { code: 'NOT_FOUND' } }] });
    } finally {
      await Promise.all([withToken.stop(), withoutToken.stop()]);
    }
  });
});
