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
