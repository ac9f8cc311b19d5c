import '../platform/no-telemetry';
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { prepareAuditStore } from '../gateway/audit/audit-store';
import { mintDevelopmentToken } from '../gateway/identity/development-token';
import { gatewayNodeFlags } from '../gateway/node-flags';
import { registeredOperation } from '../gateway/persisted/manifest';
import { EnvReader } from '../platform/env-reader';
import type { RunningService } from '../platform/http-service';
import { createLogger } from '../platform/logger';
import { residentMemoryMB } from '../platform/process-tree';
import { waitUntilAnswering } from '../platform/wait-until-answering';
import { fromProjectRoot } from '../platform/project-root';
import { systemUrlsFrom } from '../platform/system-urls';
import { loadPolicy } from '../policy/policy';
import { analyticsSubgraph } from '../subgraphs/analytics/service';
import { archiveSubgraph } from '../subgraphs/archive/service';
import { crmSubgraph } from '../subgraphs/crm/service';
import { privacySubgraph } from '../subgraphs/privacy/service';
import { startArchiveApi } from '../systems/archive/api/start-archive-api';
import { prepareEmbeddedSystems } from '../systems/embedded-systems';
import { readStackConfig } from './start-stack';
import { stopProcess } from '../platform/stop-process';

/**
 * `npm run soak -- --minutes N [--rps R | --clients C]`: mixed traffic (front-end pages and
 * customer-360s, a partner's registered operation, the data-protection officer's access log)
 * through the gateway (its own process), at a steady rate or from C clients that each send
 * the next request as soon as the last is answered, while the archive subgraph and then the
 * archive API are stopped and started again. Reports requests, 5xx (must be 0), errors by
 * code and the gateway's memory over time; exits non-zero on any 5xx or failed connection.
 */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { minutes: { type: 'string', default: '5' }, rps: { type: 'string', default: '40' }, clients: { type: 'string' } },
  });
  const minutes = Number(values.minutes);
  const rps = Number(values.rps);
  const clients = values.clients === undefined ? undefined : Number(values.clients);
  if (!(minutes > 0) || !(rps > 0)) throw new Error('--minutes and --rps must be positive numbers');
  if (clients !== undefined && !(Number.isInteger(clients) && clients > 0)) throw new Error('--clients must be a positive whole number');
  const env = new EnvReader();
  const systems = systemUrlsFrom(env);
  const config = readStackConfig(env);
  env.assertValid();
  await prepareEmbeddedSystems(systems, 2000, (message) => console.log(message));

  const work = mkdtempSync(path.join(os.tmpdir(), 'soak-'));
  const audit = { databaseUrl: `sqlite:${path.join(work, 'audit.sqlite')}`, spoolFile: path.join(work, 'audit-spool.jsonl') };
  await prepareAuditStore(audit.databaseUrl);
  const logger = createLogger('soak', 'error');
  const service = { host: '127.0.0.1', internalTokenSecret: config.crm.internalTokenSecret, logger };
  // The services that get stopped come back on the port they had.
  const startApi = (port = 0) => startArchiveApi({ port, host: '127.0.0.1', databaseUrl: systems.archive, logger });
  let archiveApi = await startApi();
  const startArchive = (port = 0) => archiveSubgraph.start({ ...service, port, archiveApiUrl: archiveApi.url });
  let archive = await startArchive();
  const crm = await crmSubgraph.start({ ...service, port: 0, oltpDatabaseUrl: systems.oltp, archiveApiUrl: archiveApi.url });
  const analytics = await analyticsSubgraph.start({
    ...service,
    port: 0,
    warehouseDatabaseUrl: systems.warehouse,
    oltpDatabaseUrl: systems.oltp,
    warehouseCache: config.analytics.warehouseCache,
  });
  const privacy = await privacySubgraph.start({
    ...service,
    port: 0,
    auditDatabaseUrl: audit.databaseUrl,
    systemUrls: systems,
    policyPath: config.privacy.policyPath,
  });

  const gatewayPort = await freePort();
  const gateway = spawn(process.execPath, [...gatewayNodeFlags(), fromProjectRoot('dist', 'gateway', 'index.js')], {
    env: {
      ...process.env,
      APOLLO_TELEMETRY_DISABLED: '1',
      LOG_LEVEL: 'error',
      GATEWAY_PORT: String(gatewayPort),
      CRM_URL: crm.url,
      ARCHIVE_URL: archive.url,
      ANALYTICS_URL: analytics.url,
      PRIVACY_URL: privacy.url,
      AUDIT_DATABASE_URL: audit.databaseUrl,
      AUDIT_SPOOL_FILE: audit.spoolFile,
      // As many requests as the clients can send: limits counted on every request, never refusing.
      ...(clients === undefined ? {} : { RATE_LIMIT_PER_CLIENT: '100000000', RATE_LIMIT_PER_SUBJECT: '100000000' }),
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const url = `http://127.0.0.1:${gatewayPort}/graphql`;
  await waitUntilAnswering(url);

  const policy = loadPolicy(config.gateway.policyPath);
  const { identity, production } = config.gateway;
  // Twenty agents and five partner dispatchers, so no subject reaches its rate limit at the default settings.
  const agents = await Promise.all(
    Array.from({ length: 20 }, (_, i) =>
      mintDevelopmentToken({ role: 'support_agent', subject: `agent-${i}@soak.example` }, identity, policy, { production }),
    ),
  );
  const partners = await Promise.all(
    Array.from({ length: 5 }, (_, i) =>
      mintDevelopmentToken({ role: 'acme_delivery', subject: `dispatch-${i}@acme.example` }, identity, policy, { production }),
    ),
  );
  const dpo = await mintDevelopmentToken({ role: 'dpo' }, identity, policy, { production });
  const deliveryAddress = registeredOperation('acme-delivery', 'DeliveryAddress').id;
  const randomCustomer = () => String(1_000_001 + Math.floor(Math.random() * 2000));
  const requests = [
    (): RequestInit =>
      post(agents[Math.floor(Math.random() * agents.length)], { query: CUSTOMER_360, variables: { id: randomCustomer() } }),
    (): RequestInit => post(agents[Math.floor(Math.random() * agents.length)], { query: PAGE, variables: { first: 20 } }),
    (): RequestInit =>
      post(partners[Math.floor(Math.random() * partners.length)], {
        extensions: { persistedQuery: { version: 1, sha256Hash: deliveryAddress } },
        variables: { customerId: randomCustomer() },
      }),
    (): RequestInit => post(dpo, { query: '{ accessLog(first: 20) { nodes { at subject purpose customerIds } } }' }),
  ];
  const mix = [0, 0, 0, 1, 1, 2, 2, 2, 3, 3];

  const report = {
    requests: 0,
    byStatus: {} as Record<string, number>,
    errorsByCode: {} as Record<string, number>,
    failedConnections: 0,
    memory: [] as Array<{ atSecond: number; rssMB: number }>,
    events: [] as Array<{ atSecond: number; event: string }>,
  };
  const started = Date.now();
  const at = () => Math.round((Date.now() - started) / 1000);
  const event = (name: string) => {
    report.events.push({ atSecond: at(), event: name });
    console.log(`${at()} s: ${name}`);
  };
  const inFlight = new Set<Promise<void>>();
  const send = (): Promise<void> => {
    const init = requests[mix[Math.floor(Math.random() * mix.length)]]();
    const request: Promise<void> = fetch(url, init)
      .then(async (response) => {
        report.requests += 1;
        report.byStatus[response.status] = (report.byStatus[response.status] ?? 0) + 1;
        const body = (await response.json().catch(() => ({}))) as { errors?: Array<{ extensions?: { code?: string } }> };
        for (const error of body.errors ?? []) {
          const code = String(error.extensions?.code ?? 'NONE');
          report.errorsByCode[code] = (report.errorsByCode[code] ?? 0) + 1;
        }
      })
      .catch(() => void (report.failedConnections += 1))
      .finally(() => inFlight.delete(request));
    inFlight.add(request);
    return request;
  };

  const durationMs = minutes * 60_000;
  let trafficOn = true;
  const traffic = clients === undefined ? setInterval(send, 1000 / rps) : undefined;
  const clientLoops = Array.from({ length: clients ?? 0 }, async () => {
    while (trafficOn) await send();
  });
  const sampler = setInterval(() => report.memory.push({ atSecond: at(), rssMB: Math.round(residentMemoryMB(gateway.pid!)) }), 5000);
  const faults: Array<[number, () => Promise<void>]> = [
    [
      0.2,
      async () => {
        await archive.stop();
        event('archive subgraph stopped');
      },
    ],
    [
      0.35,
      async () => {
        archive = await startArchive(Number(new URL(archive.url).port));
        event('archive subgraph started again');
      },
    ],
    [
      0.55,
      async () => {
        await archiveApi.stop();
        event('archive API stopped');
      },
    ],
    [
      0.7,
      async () => {
        archiveApi = await startApi(Number(new URL(archiveApi.url).port));
        event('archive API started again');
      },
    ],
  ];
  for (const [fraction, fault] of faults) {
    await sleep(started + fraction * durationMs - Date.now());
    await fault();
  }
  await sleep(started + durationMs - Date.now());
  trafficOn = false;
  clearInterval(traffic);
  clearInterval(sampler);
  await Promise.all([...clientLoops, ...inFlight]);
  event('traffic stopped');

  await stopProcess(gateway, { graceMs: 60_000 });
  for (const running of [archive, crm, analytics, privacy, archiveApi] as RunningService[]) await running.stop();

  const fiveHundreds = Object.entries(report.byStatus)
    .filter(([status]) => Number(status) >= 500)
    .reduce((n, [, count]) => n + count, 0);
  const rss = report.memory.map((m) => m.rssMB);
  console.log(
    `\n${report.requests} requests in ${minutes} min${clients === undefined ? '' : ` from ${clients} clients`}; ` +
      `5xx: ${fiveHundreds}; failed connections: ${report.failedConnections}`,
  );
  console.log(`by status: ${JSON.stringify(report.byStatus)}`);
  console.log(`errors by code: ${JSON.stringify(report.errorsByCode)}`);
  console.log(`gateway RSS MB: first ${rss[0]}, min ${Math.min(...rss)}, max ${Math.max(...rss)}, last ${rss.at(-1)}`);
  console.log(
    `  over time: ${report.memory
      .filter((_, i) => i % 6 === 0)
      .map((m) => `${m.atSecond}s=${m.rssMB}`)
      .join(' ')}`,
  );
  mkdirSync(fromProjectRoot('bench', 'results'), { recursive: true });
  writeFileSync(
    fromProjectRoot('bench', 'results', 'soak.json'),
    `${JSON.stringify(
      { minutes, ...(clients === undefined ? { rps } : { clients }), fiveHundreds, ...report, at: new Date().toISOString() },
      null,
      2,
    )}\n`,
  );
  console.log('wrote bench/results/soak.json');
  process.exit(fiveHundreds === 0 && report.failedConnections === 0 ? 0 : 1);
}

// Fields a customer-service agent may read, so errors in the report come from the faults.
const PAGE = 'query Page($first: Int!) { customers(first: $first) { nodes { id name email phone } } }';
const CUSTOMER_360 = `query Customer360($id: ID!) { customer(id: $id) {
  id name email phone accounts { accountNumber } orders(first: 3) { orderNumber total { amount } }
  archivedOrders(first: 3) { orderNumber placedAt } consents { topic granted }
} }`;

function post(token: string, body: Record<string, unknown>): RequestInit {
  return { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify(body) };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
