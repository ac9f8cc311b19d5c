import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { createTestSystems, type TestSystems } from './support/backends';
import { spawnEntryPoint, waitFor } from './support/processes';
import { postGraphQL, TEST_IDENTITY, TEST_INTERNAL_SECRET, tokenFor } from './support/test-stack';

interface ReceivedSpan {
  service: string;
  name: string;
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  attributes?: Array<{ key: string; value: { stringValue?: string } }>;
}

/** An OTLP/HTTP (JSON) trace receiver on a real port: what a collector would be sent. */
async function startReceiver() {
  const spans: ReceivedSpan[] = [];
  const server: Server = createServer(async (req, res) => {
    let body = '';
    for await (const chunk of req) body += chunk;
    const payload = JSON.parse(body) as {
      resourceSpans: Array<{
        resource: { attributes: Array<{ key: string; value: { stringValue?: string } }> };
        scopeSpans: Array<{ spans: ReceivedSpan[] }>;
      }>;
    };
    for (const resourceSpans of payload.resourceSpans ?? []) {
      const service = resourceSpans.resource.attributes.find((a) => a.key === 'service.name')?.value.stringValue ?? '?';
      for (const scope of resourceSpans.scopeSpans) for (const span of scope.spans) spans.push({ ...span, service });
    }
    res.setHeader('content-type', 'application/json');
    res.end('{}');
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    spans,
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}

/** One service's entry point as its own process; resolves with the URL it logged when listening. */
async function startService(entry: string, env: Record<string, string>): Promise<{ child: ChildProcessWithoutNullStreams; url: string }> {
  const child = spawnEntryPoint(entry, { LOG_LEVEL: 'info', INTERNAL_TOKEN_SECRET: TEST_INTERNAL_SECRET, ...env });
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  const url = await waitFor(() => {
    if (child.exitCode !== null) throw new Error(`${entry} did not start:\n${output}`);
    return /"url":"(http:[^"]+)"/.exec(output)?.[1];
  });
  return { child, url };
}

async function stop(child: ChildProcessWithoutNullStreams | undefined): Promise<void> {
  if (!child || child.exitCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  await exited;
}

describe('OpenTelemetry traces', () => {
  let systems: TestSystems;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let crm: Awaited<ReturnType<typeof startService>> | undefined;
  let gateway: Awaited<ReturnType<typeof startService>> | undefined;
  let dir: string;

  beforeAll(async () => {
    systems = await createTestSystems('sqlite', 10);
    receiver = await startReceiver();
    dir = mkdtempSync(path.join(os.tmpdir(), 'tracing-'));
    const otlp = { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, OTEL_BSP_SCHEDULE_DELAY: '100' };
    crm = await startService('subgraphs/crm/index.ts', { ...otlp, CRM_PORT: '0', OLTP_DATABASE_URL: systems.urls.oltp });
    gateway = await startService('gateway/index.ts', {
      ...otlp,
      GATEWAY_PORT: '0',
      CRM_URL: crm.url,
      JWT_SECRET: TEST_IDENTITY.secret!,
      JWT_ISSUER: TEST_IDENTITY.issuer,
      JWT_AUDIENCE: TEST_IDENTITY.audience,
      AUDIT_DATABASE_URL: systems.audit.databaseUrl,
      AUDIT_SPOOL_FILE: path.join(dir, 'spool.jsonl'),
    });
  });

  afterAll(async () => {
    await stop(gateway?.child);
    await stop(crm?.child);
    await receiver?.close();
    await systems?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('follows one request from the gateway into the subgraph it called, in one trace', async () => {
    // Probes first: their spans, were any made, would be exported before the request's. (The gateway's
    // /ready answers 503 here: only crm runs; it still asks crm.)
    const probes = ['/health', '/ready', '/metrics'];
    for (const service of [gateway!.url, crm!.url])
      for (const probe of probes) expect((await (await fetch(new URL(probe, service))).text()).length).toBeGreaterThan(0);

    const { body } = await postGraphQL(
      gateway!.url,
      'query Traced { customers(first: 2) { nodes { id name } } }',
      undefined,
      await tokenFor('support_agent'),
    );
    expect(body.errors).toBeUndefined();

    // crm's server span, once its parent (the gateway's call) has arrived too.
    const crmServerSpan = await waitFor(() => {
      const span = receiver.spans.find((s) => s.service === 'crm' && s.name.startsWith('POST'));
      return (
        span && receiver.spans.some((s) => s.service === 'gateway' && s.traceId === span.traceId && s.spanId === span.parentSpanId) && span
      );
    }, 20_000);
    const trace = receiver.spans.filter((s) => s.traceId === crmServerSpan.traceId);
    const names = trace.map((s) => `${s.service}: ${s.name}`);
    // The gateway's request, its plan and its fetch from crm, and crm answering it.
    expect(names).toEqual(
      expect.arrayContaining(['gateway: POST /graphql', 'gateway: gateway.plan', 'gateway: gateway.fetch', 'crm: POST /graphql']),
    );
    // No probe is traced: no span names one, in its name or its attributes (the path it served or called).
    const mentions = (s: ReceivedSpan) => [s.name, ...(s.attributes ?? []).map((a) => a.value.stringValue ?? '')];
    const probeSpans = receiver.spans.filter((s) => mentions(s).some((text) => probes.some((probe) => text.includes(probe))));
    expect(probeSpans.map((s) => `${s.service}: ${s.name}`)).toEqual([]);
  });
});
