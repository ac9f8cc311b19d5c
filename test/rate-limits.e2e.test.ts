import { randomUUID } from 'node:crypto';
import { type RunningGateway, startGateway } from '../gateway/gateway-server';
import type { Stack } from '../scripts/start-stack';
import { TEST_REDIS_URL } from './support/redis';
import { createTestSystems, type TestSystems } from './support/backends';
import { describeMysql } from './support/mysql';
import { postGraphQL, startTestStack, testGatewayConfig, testLogger, tokenFor } from './support/test-stack';

const QUERY = '{ customers(first: 1) { nodes { id } } }';

describeMysql('rate limits', () => {
  let systems: TestSystems;
  let stack: Stack;
  const gateways: RunningGateway[] = [];

  beforeAll(async () => {
    systems = await createTestSystems('mysql', 10);
    stack = await startTestStack(systems);
  });

  afterAll(async () => {
    for (const gateway of gateways) await gateway.stop();
    await stack?.stop();
    await systems?.drop();
  });

  /** Another gateway over the same subgraphs, with its own limits (and Redis, if given). */
  async function gatewayWith(perClientPerMinute: number, perSubjectPerMinute: number, redisUrl?: string): Promise<RunningGateway> {
    const subgraphUrls = { crm: stack.crm.url, archive: stack.archive.url, analytics: stack.analytics.url, privacy: stack.privacy.url };
    const gateway = await startGateway(
      testGatewayConfig(systems, { gateway: { subgraphUrls, rateLimits: { perClientPerMinute, perSubjectPerMinute }, redisUrl } }),
      testLogger('gateway'),
    );
    gateways.push(gateway);
    return gateway;
  }

  it('answers a subject over its budget with 429, Retry-After and RATE_LIMITED, while others of the same client go on', async () => {
    const gateway = await gatewayWith(0, 3);
    const agent = await tokenFor('support_agent', { subject: 'busy@example.com' });
    for (let i = 0; i < 3; i++) expect((await postGraphQL(gateway.url, QUERY, undefined, agent)).status).toBe(200);

    const limited = await fetch(gateway.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${agent}` },
      body: JSON.stringify({ query: QUERY }),
    });
    expect(limited.status).toBe(429);
    const retryAfter = Number(limited.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(await limited.json()).toEqual({
      errors: [
        { message: expect.stringContaining('Too many requests'), extensions: { code: 'RATE_LIMITED', retryAfterSeconds: retryAfter } },
      ],
    });

    const colleague = await tokenFor('support_agent', { subject: 'calm@example.com' });
    expect((await postGraphQL(gateway.url, QUERY, undefined, colleague)).status).toBe(200);
  });

  it('limits all callers of one client together', async () => {
    const gateway = await gatewayWith(4, 0);
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++)
      statuses.push(
        (await postGraphQL(gateway.url, QUERY, undefined, await tokenFor('support_agent', { subject: `agent-${i}@example.com` }))).status,
      );
    expect(statuses).toEqual([200, 200, 200, 200, 429, 429]);
  });

  it('counts across gateway replicas through Redis', async () => {
    const redisUrl = TEST_REDIS_URL;
    const [first, second] = [await gatewayWith(0, 4, redisUrl), await gatewayWith(0, 4, redisUrl)];
    const agent = await tokenFor('support_agent', { subject: `shared-${randomUUID()}@example.com` });
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await postGraphQL((i % 2 === 0 ? first : second).url, QUERY, undefined, agent)).status);
    expect(statuses).toEqual([200, 200, 200, 200, 429, 429]);
  });
});
