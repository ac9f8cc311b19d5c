import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CUSTOMER_PAGE_QUERY } from './support/customer-360';
import { collectOutput, spawnEntryPoint, waitFor } from './support/processes';
import { dropSystemDatabase, openSystemDatabase } from '../systems/system-database';
import { mysqlAvailable, TEST_MYSQL_URL } from './support/mysql';
import { postGraphQL, postPersisted, TEST_IDENTITY, TEST_INTERNAL_SECRET, tokenFor } from './support/test-stack';
import { DEFAULT_SUPERGRAPH_PATH } from '../platform/supergraph-file';
import { buildManifest, manifestPath, PERSISTED_OPERATIONS_DIR, registeredOperation } from '../gateway/persisted/manifest';
import { loadPolicy } from '../policy/policy';
import { apiSchemaFromFile } from '../platform/supergraph-file';
import { PORT_VARIABLES } from '../contracts/subgraphs';

/** Runs scripts/start.ts (what `npm start` runs after building) as its own process. */
function startCommand(env: Record<string, string>): ChildProcessWithoutNullStreams {
  return spawnEntryPoint('scripts/start.ts', {
    LOG_LEVEL: 'info',
    JWT_SECRET: TEST_IDENTITY.secret!,
    JWT_ISSUER: TEST_IDENTITY.issuer,
    JWT_AUDIENCE: TEST_IDENTITY.audience,
    ...env,
  });
}

/** What production requires of the configuration: every secret set (see docs/operations.md). */
/** Every service on a port the system picks (each port variable set to 0). */
const ANY_FREE_PORTS = Object.fromEntries(Object.values(PORT_VARIABLES).map((variable) => [variable, '0']));

const PRODUCTION = {
  NODE_ENV: 'production',
  JWT_SECRET: TEST_IDENTITY.secret!,
  INTERNAL_TOKEN_SECRET: TEST_INTERNAL_SECRET,
  JWT_ISSUER: TEST_IDENTITY.issuer,
  JWT_AUDIENCE: TEST_IDENTITY.audience,
};

/** Runs scripts/token.ts (what `npm run token` runs after building). */
function tokenCommand(env: Record<string, string>, args: string[]) {
  return collectOutput(spawnEntryPoint('scripts/token.ts', { JWT_SECRET: TEST_IDENTITY.secret!, ...env }, args));
}

/** Every system and the audit store as files in one folder. */
function systemsIn(dir: string): Record<string, string> {
  return {
    OLTP_DATABASE_URL: `sqlite:${path.join(dir, 'oltp.sqlite')}`,
    ARCHIVE_DATABASE_URL: `sqlite:${path.join(dir, 'archive.sqlite')}`,
    WAREHOUSE_DATABASE_URL: `sqlite:${path.join(dir, 'warehouse.sqlite')}`,
    AUDIT_DATABASE_URL: `sqlite:${path.join(dir, 'audit.sqlite')}`,
    AUDIT_SPOOL_FILE: path.join(dir, 'audit-spool.jsonl'),
  };
}

/** Sends the headers and the first half of a POST now, the rest when `finish` is called. */
function startRequest(url: string, body: string, token: string) {
  const headers = { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), authorization: `Bearer ${token}` };
  const request = http.request(url, { method: 'POST', headers });
  const half = Math.floor(body.length / 2);
  const response = new Promise<{ status: number; body: string }>((resolve, reject) => {
    request.on('response', (res) => {
      let text = '';
      res.on('data', (chunk) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
    });
    request.on('error', reject);
  });
  const headersSent = new Promise<void>((resolve) => request.write(body.slice(0, half), () => resolve()));
  return {
    headersSent,
    finish: () => {
      request.end(body.slice(half));
      return response;
    },
  };
}

describe('the start command', () => {
  let dir: string;

  beforeAll(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'customer-graph-start-'));
  });

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('seeds embedded systems on first run, serves the graph, and drains in-flight requests on SIGTERM', async () => {
    const child = startCommand({
      ...systemsIn(dir),
      SEED_CUSTOMERS: '120',
      ...ANY_FREE_PORTS,
    });
    const { output, exited } = collectOutput(child);
    try {
      await waitFor(() => output.stdout.includes('Ctrl-C stops everything.'));
      expect(output.stdout).toContain('First run: creating embedded stand-ins (oltp, archive, warehouse) with 120 customers');
      const gatewayUrl = /gateway\s+(http:\/\/\S+)/.exec(output.stdout)![1];

      const first = await postGraphQL(gatewayUrl, CUSTOMER_PAGE_QUERY, { first: 5 });
      expect(first.body.errors).toBeUndefined();
      expect(first.body.data.customers.nodes).toHaveLength(5);

      // The partner tokens it prints are for clients with registered operations, and run them.
      const printed = (role: string) => new RegExp(`^  ${role} +(eyJ\\S+)$`, 'm').exec(output.stdout)![1];
      const delivery = await postPersisted(
        gatewayUrl,
        registeredOperation('acme-delivery', 'DeliveryAddress').id,
        { customerId: '1000001' },
        printed('acme_delivery'),
      );
      expect(delivery.body.errors).toBeUndefined();
      expect(delivery.body.data.customer).toMatchObject({ id: '1000001', name: expect.any(String) });
      const risk = await postPersisted(
        gatewayUrl,
        registeredOperation('credit-shield', 'CreditRisk').id,
        { customerId: '1000001' },
        printed('credit_shield'),
      );
      expect(risk.body.errors).toBeUndefined();
      expect(risk.body.data.customer).toMatchObject({ id: '1000001', riskRating: { rating: expect.any(String) } });

      // Half a request is on the wire when the signal arrives; the rest follows after it.
      const request = startRequest(
        gatewayUrl,
        JSON.stringify({ query: CUSTOMER_PAGE_QUERY, variables: { first: 100 } }),
        await tokenFor('dpo'),
      );
      await request.headersSent;
      child.kill('SIGTERM');
      await new Promise((resolve) => setTimeout(resolve, 200));
      const response = await request.finish();
      expect(response.status).toBe(200);
      expect(JSON.parse(response.body).data.customers.nodes).toHaveLength(100);
      expect(await exited).toBe(0);
      await expect(fetch(gatewayUrl, { method: 'POST' })).rejects.toThrow();
    } finally {
      child.kill('SIGKILL');
    }
  });

  it(
    'in production prints no token, only that tokens come from the identity provider ' + '(uses the systems the first test created)',
    async () => {
      const child = startCommand({
        ...systemsIn(dir),
        ...PRODUCTION,
        ...ANY_FREE_PORTS,
      });
      const { output, exited } = collectOutput(child);
      try {
        await waitFor(() => output.stdout.includes('Ctrl-C stops everything.'));
        expect(output.stdout).toContain('Tokens come from the identity provider (NODE_ENV=production): none are minted or printed here.');
        expect(output.stdout).toContain('-H "Authorization: Bearer <a token from your identity provider>"');
        expect(output.stdout).not.toContain('Development tokens');
        expect(output.stdout).not.toContain('npm run -s token');
        child.kill('SIGTERM');
        expect(await exited).toBe(0);
        expect(output.stdout).not.toContain('eyJ');
        expect(output.stderr).not.toContain('eyJ');
      } finally {
        child.kill('SIGKILL');
      }
    },
  );

  it('names the port variable in one line, without a stack, when a port is taken (uses the systems the first test created)', async () => {
    const busy = http.createServer();
    await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve));
    const port = (busy.address() as AddressInfo).port;
    try {
      const start = collectOutput(startCommand({ ...systemsIn(dir), ...ANY_FREE_PORTS, GATEWAY_PORT: String(port) }));
      expect(await start.exited).toBe(1);
      expect(start.output.stderr).toBe(`gateway: port ${port} is already in use; set GATEWAY_PORT to another port\n`);

      const crm = collectOutput(spawnEntryPoint('subgraphs/crm/index.ts', { ...systemsIn(dir), CRM_PORT: String(port) }));
      expect(await crm.exited).toBe(1);
      expect(crm.output.stderr).toBe(`crm: port ${port} is already in use; set CRM_PORT to another port\n`);
    } finally {
      await new Promise((resolve) => busy.close(resolve));
    }
  });

  it('the token command prints a token in development and refuses in production with exit code 2, without a stack', async () => {
    const development = tokenCommand({}, ['--role', 'dpo']);
    expect(await development.exited).toBe(0);
    expect(development.output.stdout).toMatch(/^eyJ[\w-]+\.eyJ[\w-]+\.[\w-]+\n$/);

    const production = tokenCommand(PRODUCTION, ['--role', 'dpo']);
    expect(await production.exited).toBe(2);
    expect(production.output.stdout).toBe('');
    expect(production.output.stderr).toBe(
      'NODE_ENV is production: tokens come from the identity provider; development tokens are never minted in production\n',
    );
  });

  (mysqlAvailable() ? it : it.skip)('never creates or drops a MySQL system, and says how to create a missing embedded one', async () => {
    const url = `${TEST_MYSQL_URL.replace(/\/+$/, '')}/cgt_start_${process.pid}`;
    const db = await openSystemDatabase(url);
    try {
      await db.schema.createTable('precious', (t) => t.integer('id'));
      await db('precious').insert({ id: 1 });
      const { output, exited } = collectOutput(
        startCommand({
          OLTP_DATABASE_URL: url,
          ARCHIVE_DATABASE_URL: `sqlite:${path.join(dir, 'missing-archive.sqlite')}`,
          WAREHOUSE_DATABASE_URL: `sqlite:${path.join(dir, 'missing-warehouse.sqlite')}`,
        }),
      );
      expect(await exited).toBe(1);
      expect(output.stderr).toMatch(
        /archive \(sqlite:.*missing-archive\.sqlite\), warehouse \(.*\) does not exist; create it with `npm run systems:seed` first/,
      );
      expect(await db('precious').select('id')).toEqual([{ id: 1 }]);
    } finally {
      await db.destroy();
      await dropSystemDatabase(url);
    }
  });

  it('reloads persisted operations on SIGHUP, without a restart (uses the systems the first test created)', async () => {
    const operationsDir = path.join(dir, 'operations');
    cpSync(PERSISTED_OPERATIONS_DIR, operationsDir, { recursive: true });
    const child = startCommand({
      ...systemsIn(dir),
      PERSISTED_OPERATIONS_DIR: operationsDir,
      ...ANY_FREE_PORTS,
    });
    const { output, exited } = collectOutput(child);
    try {
      await waitFor(() => output.stdout.includes('Ctrl-C stops everything.'));
      const gatewayUrl = /gateway\s+(http:\/\/\S+)/.exec(output.stdout)![1];
      const clientDir = path.join(operationsDir, 'acme-delivery');
      writeFileSync(
        path.join(clientDir, 'CustomerName.graphql'),
        '# purpose: order_delivery\nquery CustomerName($customerId: ID!) { customer(id: $customerId) { name } }\n',
      );
      const manifest = buildManifest(clientDir, apiSchemaFromFile(DEFAULT_SUPERGRAPH_PATH), loadPolicy());
      writeFileSync(manifestPath(clientDir), JSON.stringify(manifest));
      const id = manifest.operations.find((o) => o.name === 'CustomerName')!.id;
      const token = await tokenFor('acme_delivery');
      expect((await postPersisted(gatewayUrl, id, { customerId: '1000001' }, token)).body.errors?.[0]?.extensions?.code).toBe(
        'PERSISTED_QUERY_NOT_FOUND',
      );

      child.kill('SIGHUP');
      await waitFor(() => output.stdout.split('persisted operations loaded').length > 2);
      const after = await postPersisted(gatewayUrl, id, { customerId: '1000001' }, token);
      expect(after.body.data.customer).toEqual({ name: expect.any(String) });
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
    } finally {
      child.kill('SIGKILL');
    }
  });

  it('refuses bad configuration with one message naming every problem', async () => {
    const { output, exited } = collectOutput(
      startCommand({ GATEWAY_PORT: 'abc', CRM_PORT: '70000', OLTP_DATABASE_URL: 'postgres://db/crm' }),
    );
    expect(await exited).toBe(1);
    expect(output.stderr).toContain('Invalid configuration:');
    expect(output.stderr).toContain('GATEWAY_PORT must be an integer from 0 to 65535 (got "abc")');
    expect(output.stderr).toContain('CRM_PORT must be an integer from 0 to 65535 (got "70000")');
    expect(output.stderr).toContain('OLTP_DATABASE_URL must use mysql: or mariadb: or sqlite: (got "postgres:")');
  });
});
