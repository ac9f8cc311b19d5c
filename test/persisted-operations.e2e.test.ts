import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ApolloClient, HttpLink, InMemoryCache, gql } from '@apollo/client';
import { PersistedQueryLink } from '@apollo/client/link/persisted-queries';
import { generatePersistedQueryIdsFromManifest } from '@apollo/persisted-query-lists';
import { DEFAULT_SUPERGRAPH_PATH } from '../platform/supergraph-file';
import { buildManifest, manifestPath, PERSISTED_OPERATIONS_DIR, readManifest, registeredOperation } from '../gateway/persisted/manifest';
import type { Manifest } from '../contracts/persisted-operation';
import { sha256 } from '../platform/sha256';
import { loadPolicy } from '../policy/policy';
import { apiSchemaFromFile } from '../platform/supergraph-file';
import type { Stack } from '../scripts/start-stack';
import { TEST_REDIS_URL } from './support/redis';
import { createTestSystems, type TestSystems } from './support/backends';
import { postGraphQL, postPersisted, startTestStack, tokenFor, protectionOf } from './support/test-stack';

const manifestOf = (client: string): Manifest => readManifest(manifestPath(path.join(PERSISTED_OPERATIONS_DIR, client)));
const idOf = (client: string, name: string) => registeredOperation(client, name).id;

describe('persisted operations', () => {
  let systems: TestSystems;
  let stack: Stack;
  let operationsDir: string;
  let customerId: string;
  let acme: string;
  let creditShield: string;

  beforeAll(async () => {
    systems = await createTestSystems('sqlite', 60);
    operationsDir = mkdtempSync(path.join(os.tmpdir(), 'operations-'));
    cpSync(PERSISTED_OPERATIONS_DIR, operationsDir, { recursive: true });
    stack = await startTestStack(systems, { gateway: { persistedOperations: { dir: operationsDir, mode: 'allow' } } });
    const { body } = await postGraphQL(
      stack.gateway.url,
      '{ customers(first: 20) { nodes { id restriction { restricted } consents { topic granted } } } }',
    );
    customerId = body.data.customers.nodes.find((n: any) => !protectionOf(n).restricted).id;
    // Each partner's role carries its own client id by default.
    acme = await tokenFor('acme_delivery', { subject: 'dispatch@acme.example' });
    creditShield = await tokenFor('credit_shield');
  });

  afterAll(async () => {
    await stack?.stop();
    await systems?.drop();
    rmSync(operationsDir, { recursive: true, force: true });
  });

  it('has committed manifests that match the operation files (run `npm run pq:build` if this fails)', () => {
    const schema = apiSchemaFromFile(DEFAULT_SUPERGRAPH_PATH);
    for (const client of ['acme-delivery', 'credit-shield']) {
      expect(buildManifest(path.join(PERSISTED_OPERATIONS_DIR, client), schema, loadPolicy())).toEqual(manifestOf(client));
    }
  });

  it('runs a partner operation sent as extensions.persistedQuery.sha256Hash, for the purpose it declares', async () => {
    const { status, body } = await postPersisted(stack.gateway.url, idOf('acme-delivery', 'DeliveryAddress'), { customerId }, acme);
    expect(status).toBe(200);
    expect(body.errors).toBeUndefined();
    expect(body.data.customer).toMatchObject({ id: customerId, name: expect.any(String) });
    expect(body.data.customer.addresses[0]).toMatchObject({ line1: expect.not.stringContaining('***'), city: expect.any(String) });

    await stack.gateway.audit.flush();
    const log = await postGraphQL(
      stack.gateway.url,
      '{ accessLog(subject: "dispatch@acme.example") { nodes { purpose clientId clientKind operationName } } }',
    );
    expect(log.body.data.accessLog.nodes[0]).toEqual({
      purpose: 'order_delivery',
      clientId: 'acme-delivery',
      clientKind: 'partner',
      operationName: 'DeliveryAddress',
    });
  });

  it('runs a partner operation sent as documentId by GET', async () => {
    const url = new URL(stack.gateway.url);
    url.searchParams.set('documentId', idOf('credit-shield', 'CreditRisk'));
    url.searchParams.set('variables', JSON.stringify({ customerId }));
    const response = await fetch(url, { headers: { authorization: `Bearer ${creditShield}`, 'apollo-require-preflight': 'true' } });
    expect(response.status).toBe(200);
    const body = (await response.json()) as any;
    expect(body.errors).toBeUndefined();
    expect(body.data.customer.riskRating).toEqual({ rating: expect.stringMatching(/^(GOOD|WATCH|BAD)$/), since: expect.any(String) });
  });

  it('refuses a free-form document from a partner with 400 PERSISTED_QUERY_REQUIRED', async () => {
    const { status, body } = await postGraphQL(stack.gateway.url, '{ customers(first: 1) { nodes { name } } }', {}, acme);
    expect(status).toBe(400);
    expect(body.errors?.[0]?.extensions?.code).toBe('PERSISTED_QUERY_REQUIRED');
  });

  it("answers an unknown id and another client's id alike: PERSISTED_QUERY_NOT_FOUND", async () => {
    const unknown = await postPersisted(stack.gateway.url, 'f'.repeat(64), { customerId }, acme);
    const foreign = await postPersisted(stack.gateway.url, idOf('credit-shield', 'CreditRisk'), { customerId }, acme);
    expect(unknown.status).toBe(400);
    expect(foreign.status).toBe(400);
    expect(foreign.body).toEqual(unknown.body);
    expect(unknown.body.errors?.[0]?.extensions?.code).toBe('PERSISTED_QUERY_NOT_FOUND');
  });

  it('serves a real Apollo Client 4 with the persisted-query-lists link over the generated manifest', async () => {
    const manifest = JSON.parse(readFileSync(manifestPath(path.join(PERSISTED_OPERATIONS_DIR, 'credit-shield')), 'utf8'));
    const client = new ApolloClient({
      cache: new InMemoryCache(),
      link: new PersistedQueryLink(generatePersistedQueryIdsFromManifest({ loadManifest: async () => manifest })).concat(
        new HttpLink({ uri: stack.gateway.url, headers: { authorization: `Bearer ${creditShield}` } }),
      ),
    });
    const { data } = await client.query({
      query: gql`
        query RiskHistory($customerId: ID!) { customer(id: $customerId) { id riskHistory(last: 4) { scoredOn riskRating riskSince } } }
      `,
      variables: { customerId },
    });
    expect((data as any).customer.riskHistory.length).toBeGreaterThan(0);
    client.stop();
  });

  it('lets first-party clients use automatic persisted queries', async () => {
    const document = '{ customers(first: 2) { nodes { id } } }';
    const hash = sha256(document);
    const dpo = await tokenFor('dpo');
    const first = await postPersisted(stack.gateway.url, hash, {}, dpo);
    expect(first.body.errors?.[0]?.extensions?.code).toBe('PERSISTED_QUERY_NOT_FOUND');
    const register = await fetch(stack.gateway.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${dpo}` },
      body: JSON.stringify({ query: document, extensions: { persistedQuery: { version: 1, sha256Hash: hash } } }),
    });
    expect(register.status).toBe(200);
    const again = await postPersisted(stack.gateway.url, hash, {}, dpo);
    expect(again.body.data.customers.nodes).toHaveLength(2);
  });
});

describe('automatic persisted queries shared through Redis', () => {
  let systems: TestSystems;
  let replicas: Stack[] = [];

  beforeAll(async () => {
    systems = await createTestSystems('sqlite', 10);
    // Two gateway replicas (each with its own subgraphs) sharing one APQ cache.
    const redisUrl = TEST_REDIS_URL;
    replicas = [await startTestStack(systems, { gateway: { redisUrl } }), await startTestStack(systems, { gateway: { redisUrl } })];
  });

  afterAll(async () => {
    for (const replica of replicas) await replica.stop();
    await systems?.drop();
  });

  it('lets a query registered on one replica run by hash on another', async () => {
    const document = `{ customers(first: 1) { nodes { id } } } # ${Date.now()}`;
    const hash = sha256(document);
    const dpo = await tokenFor('dpo');
    const register = await fetch(replicas[0].gateway.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${dpo}` },
      body: JSON.stringify({ query: document, extensions: { persistedQuery: { version: 1, sha256Hash: hash } } }),
    });
    expect(register.status).toBe(200);
    // Apollo Server stores the query without waiting for the cache, so allow the write a moment to land.
    let elsewhere = await postPersisted(replicas[1].gateway.url, hash, {}, dpo);
    for (let attempt = 0; attempt < 40 && elsewhere.body.errors?.[0]?.extensions?.code === 'PERSISTED_QUERY_NOT_FOUND'; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      elsewhere = await postPersisted(replicas[1].gateway.url, hash, {}, dpo);
    }
    expect(elsewhere.body.errors).toBeUndefined();
    expect(elsewhere.body.data.customers.nodes).toHaveLength(1);
  });
});
