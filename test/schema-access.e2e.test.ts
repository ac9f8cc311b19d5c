import type { Stack } from '../scripts/start-stack';
import { createTestSystems, type TestSystems } from './support/backends';
import { postGraphQL, startTestStack, tokenFor } from './support/test-stack';

const INTROSPECTION = '{ __schema { queryType { name } } }';
const TYPO = '{ customers(first: 1) { nodes { emial } } }';

describe('who may learn about the schema', () => {
  let systems: TestSystems;
  let development: Stack;
  let production: Stack;
  let strict: Stack;

  beforeAll(async () => {
    systems = await createTestSystems('sqlite', 10);
    development = await startTestStack(systems);
    production = await startTestStack(systems, { gateway: { production: true, sandbox: false } });
    strict = await startTestStack(systems, { gateway: { persistedOperations: { dir: '/nonexistent', mode: 'require' } } });
  });

  afterAll(async () => {
    await development?.stop();
    await production?.stop();
    await strict?.stop();
    await systems?.drop();
  });

  it('allows introspection to every caller in development', async () => {
    const { body } = await postGraphQL(development.gateway.url, INTROSPECTION, {}, await tokenFor('support_agent'));
    expect(body.data.__schema.queryType.name).toBe('Query');
  });

  it('allows introspection in production only with schema:read (architects)', async () => {
    const architect = await postGraphQL(production.gateway.url, INTROSPECTION, {}, await tokenFor('architect'));
    expect(architect.body.data.__schema.queryType.name).toBe('Query');
    const agent = await postGraphQL(production.gateway.url, INTROSPECTION, {}, await tokenFor('support_agent'));
    expect(agent.status).toBe(403);
    expect(agent.body.errors?.[0]?.extensions?.code).toBe('INTROSPECTION_DISABLED');
  });

  it.each([
    ['at the root', INTROSPECTION],
    ['in an inline fragment on Query', '{ ... on Query { __schema { types { name } } } }'],
    ['in a named fragment', 'query { ...I } fragment I on Query { __type(name: "Customer") { fields { name } } }'],
    ['in a conditional inline fragment', '{ ... @include(if: true) { __schema { queryType { name } } } }'],
    [
      'in a fragment skipped for these variables',
      'query($s: Boolean = true) { __typename ... @skip(if: $s) { __type(name: "Customer") { name } } }',
    ],
    ['beside customer data', '{ customer(id: "1000001") { id } ...I } fragment I on Query { __schema { queryType { name } } }'],
  ])('refuses introspection %s in production without schema:read, and audits the refusal', async (_where, query) => {
    const subject = `introspection-prober-${Math.random().toString(36).slice(2)}`;
    const agent = await postGraphQL(production.gateway.url, query, {}, await tokenFor('support_agent', { subject }));
    expect(agent.status).toBe(403);
    expect(agent.body).toEqual({
      errors: [{ message: 'Introspection needs the schema:read scope', extensions: { code: 'INTROSPECTION_DISABLED' } }],
    });
    await production.gateway.audit.flush();
    const { body } = await postGraphQL(
      production.gateway.url,
      `{ accessLog(subject: "${subject}") { nodes { kind refusal } } }`,
      {},
      await tokenFor('dpo'),
    );
    expect(body.data.accessLog.nodes).toEqual([{ kind: 'refused', refusal: 'INTROSPECTION_DISABLED' }]);
  });

  it('answers introspection in a conditional root fragment for an architect, not with a 500', async () => {
    const architect = await postGraphQL(
      production.gateway.url,
      '{ ... @include(if: true) { __schema { queryType { name } } } }',
      {},
      await tokenFor('architect'),
    );
    expect(architect.status).toBe(200);
    expect(architect.body).toEqual({ data: { __schema: { queryType: { name: 'Query' } } } });
    const skipped = await postGraphQL(
      production.gateway.url,
      'query($i: Boolean = false) { __typename ... @include(if: $i) { __schema { queryType { name } } } }',
      {},
      await tokenFor('architect'),
    );
    expect(skipped.body).toEqual({ data: { __typename: 'Query' } });
  });

  it("keeps /ready's per-subgraph report for the metrics token in production", async () => {
    const ready = await fetch(new URL('/ready', production.gateway.url));
    expect(await ready.json()).toEqual({ status: 'ready' });
    const inDevelopment = await (await fetch(new URL('/ready', development.gateway.url))).json();
    expect(Object.keys(inDevelopment.subgraphs).sort()).toEqual(['analytics', 'archive', 'crm', 'privacy']);
  });

  it('hides field suggestions from callers without schema:read', async () => {
    const agent = await postGraphQL(development.gateway.url, TYPO, {}, await tokenFor('support_agent'));
    expect(agent.body.errors?.[0]?.message).toBe('Cannot query field "emial" on type "Customer".');
    const architect = await postGraphQL(development.gateway.url, TYPO, {}, await tokenFor('architect'));
    expect(architect.body.errors?.[0]?.message).toMatch(/Did you mean "email"\?/);
  });

  it('lets nobody run free-form documents when registered operations are required', async () => {
    const { status, body } = await postGraphQL(strict.gateway.url, '{ customers(first: 1) { nodes { id } } }', {}, await tokenFor('dpo'));
    expect(status).toBe(400);
    expect(body.errors?.[0]?.extensions?.code).toBe('PERSISTED_QUERY_REQUIRED');
  });

  it('serves Apollo Sandbox to a browser in development, and not in production by default', async () => {
    const page = await fetch(development.gateway.url, { headers: { accept: 'text/html' } });
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('EmbeddedSandbox');
    const closed = await fetch(production.gateway.url, { headers: { accept: 'text/html' } });
    expect(closed.status).toBe(401);
  });
});
