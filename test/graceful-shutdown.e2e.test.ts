import { connectDatabase } from '../platform/database';
import { createTestSystems, type TestSystems } from './support/backends';
import { CUSTOMER_PAGE_QUERY } from './support/customer-360';
import { postGraphQL, startTestStack, type TestStack } from './support/test-stack';

describe('graceful shutdown', () => {
  let systems: TestSystems;
  let stack: TestStack;

  beforeAll(async () => {
    systems = await createTestSystems('sqlite', 120);
    stack = await startTestStack(systems);
  });

  afterAll(async () => {
    await stack?.stop();
    await systems?.drop();
  });

  it('finishes requests already in flight, writes their audit records, then refuses new connections', async () => {
    const before = stack.recorded.crm.graphqlRequests;
    const requestIds = Array.from({ length: 4 }, (_, i) => `shutdown-request-${i}`);
    const inFlight = requestIds.map((id) =>
      postGraphQL(stack.gateway.url, CUSTOMER_PAGE_QUERY, { first: 100 }, undefined, { 'x-request-id': id }),
    );
    // Stop only once the gateway has started working on them (it has called crm).
    const deadline = Date.now() + 10_000;
    while (stack.recorded.crm.graphqlRequests < before + 1) {
      if (Date.now() > deadline) throw new Error('the gateway never called crm');
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
    const stopped = stack.gateway.stop();

    const responses = await Promise.all(inFlight);
    for (const response of responses) {
      expect(response.status).toBe(200);
      expect(response.body.errors).toBeUndefined();
      expect(response.body.data.customers.nodes).toHaveLength(100);
    }
    await stopped;
    await expect(fetch(stack.gateway.url, { method: 'POST' })).rejects.toThrow();
    // Stopping flushed the audit trail: every request that was answered is in the store.
    const audit = connectDatabase(systems.audit.databaseUrl);
    try {
      expect(await audit('audit_operations').whereIn('client_request_id', requestIds).count({ n: '*' }).first()).toMatchObject({ n: 4 });
    } finally {
      await audit.destroy();
    }
  });
});
