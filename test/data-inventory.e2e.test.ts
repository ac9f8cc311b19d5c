import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { print, parse } from 'graphql';
import { connectDatabase } from '../platform/database';
import { sha256 } from '../platform/sha256';
import { namesDataHeld, readSupergraph } from '../policy/data-inventory';
import { fieldRulesFromSdl } from '../policy/field-rules';
import { type Backend, createTestSystems, type TestSystems, testBackends } from './support/backends';
import { postGraphQL, postPersisted, startTestStack, type TestStack, tokenFor } from './support/test-stack';

const INVENTORY = `query Inventory($days: Int) {
  dataInventory(days: $days) {
    since days
    freshness { system source newest note }
    fields {
      coordinate subgraph systemOfRecord category fidesDataCategory mask purposes fidesDataUses
      consent { topic purposes }
      access { role purpose masked consent }
      observedReads { clientId purpose reads lastAt }
      unread
      coverage { system source unit withValue total share }
      coverageNote
    }
  }
}`;

/** Every classified coordinate of the checked-in supergraph, in schema order. */
const CLASSIFIED = [...fieldRulesFromSdl(readSupergraph()).keys()].filter(namesDataHeld);

/** A partner's registered operation asking for the inventory, so the partner's refusal is the rules', not the registry's. */
const PARTNER_INVENTORY = print(parse('query PartnerInventory { dataInventory { fields { coordinate } } }'));

const CLIENT = 'inventory-e2e-desk';

describe.each(testBackends())('the data inventory through the gateway, on %s', (backend: Backend) => {
  let systems: TestSystems;
  let stack: TestStack;
  let operationsDir: string;

  beforeAll(async () => {
    systems = await createTestSystems(backend, 12);
    operationsDir = mkdtempSync(path.join(os.tmpdir(), 'inventory-operations-'));
    mkdirSync(path.join(operationsDir, 'acme-delivery'));
    writeFileSync(
      path.join(operationsDir, 'acme-delivery', 'manifest.json'),
      JSON.stringify({
        format: 'apollo-persisted-query-manifest',
        version: 1,
        operations: [
          { id: sha256(PARTNER_INVENTORY), name: 'PartnerInventory', type: 'query', body: PARTNER_INVENTORY, purpose: 'order_delivery' },
        ],
      }),
    );
    stack = await startTestStack(systems, { gateway: { persistedOperations: { dir: operationsDir, mode: 'allow' } } });
    // Known reads: a support desk (client CLIENT) reads names and e-mail addresses twice, phone numbers once.
    const agent = await tokenFor('support_agent', { client: CLIENT, subject: 'agent@example.com' });
    for (const fields of ['name email', 'name email phone']) {
      const { body } = await postGraphQL(stack.gateway.url, `{ customers(first: 3) { nodes { id ${fields} } } }`, {}, agent);
      expect(body.errors).toBeUndefined();
    }
    await stack.gateway.audit.flush();
  });

  afterAll(async () => {
    await stack?.stop();
    await systems?.drop();
    rmSync(operationsDir, { recursive: true, force: true });
  });

  const inventoryAs = async (role: string, days?: number) =>
    postGraphQL(stack.gateway.url, INVENTORY, days === undefined ? {} : { days }, await tokenFor(role));

  it.each(['dpo', 'architect'])(
    'gives %s every classified coordinate of the supergraph, with who may read it and who did',
    async (role) => {
      const { status, body } = await inventoryAs(role, 7);
      expect(status).toBe(200);
      expect(body.errors).toBeUndefined();
      const inventory = body.data.dataInventory;
      expect(inventory.days).toBe(7);
      expect(Date.now() - Date.parse(inventory.since)).toBeGreaterThanOrEqual(7 * 86_400_000);
      expect(Date.now() - Date.parse(inventory.since)).toBeLessThan(7 * 86_400_000 + 60_000);
      const field = (coordinate: string) => inventory.fields.find((f: any) => f.coordinate === coordinate);
      expect(inventory.fields.map((f: any) => f.coordinate)).toEqual(CLASSIFIED);

      expect(field('Customer.email')).toEqual({
        coordinate: 'Customer.email',
        subgraph: 'crm',
        systemOfRecord: 'OLTP database',
        category: 'CONTACT',
        fidesDataCategory: 'user.contact.email',
        mask: 'EMAIL',
        purposes: ['customer_service', 'sales', 'marketing', 'data_protection', 'order_delivery'],
        fidesDataUses: [
          'essential.service.operations.support',
          'sales',
          'marketing.communications',
          'essential.legal_obligation',
          'third_party_sharing',
        ],
        consent: { topic: 'email', purposes: ['marketing'] },
        access: [
          { role: 'support_agent', purpose: 'customer_service', masked: true, consent: null },
          { role: 'sales_rep', purpose: 'sales', masked: false, consent: null },
          { role: 'marketing', purpose: 'marketing', masked: false, consent: 'email' },
          { role: 'dpo', purpose: 'data_protection', masked: false, consent: null },
          { role: 'acme_delivery', purpose: 'order_delivery', masked: false, consent: null },
        ],
        observedReads: [{ clientId: CLIENT, purpose: 'customer_service', reads: 2, lastAt: expect.any(String) }],
        unread: false,
        coverage: { system: 'oltp', source: 'customers.email', unit: 'customer', withValue: 12, total: 12, share: 1 },
        coverageNote: null,
      });
      expect(field('Customer.phone').observedReads).toEqual([
        { clientId: CLIENT, purpose: 'customer_service', reads: 1, lastAt: expect.any(String) },
      ]);
      expect(field('Customer.accounts').coverage).toMatchObject({ withValue: 12, total: 12, share: 1 });
      expect(field('Customer.archivedOrders').coverage).toMatchObject({ system: 'archive', unit: 'account' });
      expect(field('Customer.segment').coverage).toMatchObject({ system: 'warehouse', source: 'fact_customer_score.customer_key' });
      expect(field('Payment.iban')).toMatchObject({ unread: true, observedReads: [] });
      expect(field('Query.dataInventory')).toMatchObject({
        subgraph: 'privacy',
        access: [
          { role: 'dpo', purpose: 'data_protection', masked: false, consent: null },
          { role: 'architect', purpose: 'schema_exploration', masked: false, consent: null },
        ],
        coverage: null,
        coverageNote: 'not measurable: this inventory, computed when asked',
      });
      expect(inventory.freshness.map((f: any) => f.source)).toEqual([
        'warehouse_load.loaded_at',
        'fact_customer_score.scored_on',
        'dim_month.first_day',
        'archived_orders.placed_at',
        'archived_invoices.issued_on',
        'archived_interactions.occurred_at',
      ]);
      expect(inventory.freshness[0]).toMatchObject({ system: 'warehouse', newest: expect.stringMatching(/^\d{4}-\d\d-\d\dT/), note: null });
    },
  );

  it('measures the same shares as counting in the OLTP directly, and holds no personal value', async () => {
    const oltp = connectDatabase(systems.urls.oltp, { readOnly: true });
    let phones: number;
    let values: string[];
    try {
      [{ n: phones }] = (await oltp('customers').whereNotNull('phone').count({ n: '*' })) as Array<{ n: number }>;
      const rows = await oltp('customers').select('email', 'phone', 'last_name');
      values = rows.flatMap((row: any) => [row.email, row.phone, row.last_name]).filter(Boolean);
    } finally {
      await oltp.destroy();
    }
    const { body } = await inventoryAs('dpo');
    expect(body.data.dataInventory.days).toBe(30);
    const phone = body.data.dataInventory.fields.find((f: any) => f.coordinate === 'Customer.phone');
    expect(phone.coverage).toEqual({
      system: 'oltp',
      source: 'customers.phone',
      unit: 'customer',
      withValue: Number(phones),
      total: 12,
      share: Number(phones) / 12,
    });
    const text = JSON.stringify(body);
    expect(values.length).toBeGreaterThan(20);
    expect(values.filter((value) => text.includes(`"${value}"`))).toEqual([]);
  });

  it.each(['sales_rep', 'support_agent', 'marketing', 'risk_officer'])('refuses %s with FORBIDDEN, aliased or not', async (role) => {
    const token = await tokenFor(role);
    for (const query of [INVENTORY, '{ inv: dataInventory { fields { coordinate coverage { share } } } }']) {
      const { status, body } = await postGraphQL(stack.gateway.url, query, {}, token);
      expect(status).toBe(200);
      expect(Object.values(body.data ?? {})).toEqual([null]);
      expect(body.errors?.map((e) => e.extensions?.code)).toEqual(['FORBIDDEN']);
    }
  });

  it('refuses a partner the whole operation, even a registered one', async () => {
    const { status, body } = await postPersisted(stack.gateway.url, sha256(PARTNER_INVENTORY), {}, await tokenFor('acme_delivery'));
    expect(status).toBe(403);
    expect(body.data).toBeUndefined();
    expect(body.errors?.map((e) => e.extensions?.code)).toEqual(['FORBIDDEN']);
  });

  it.each([0, -1, 3651, 1_000_000])('answers days: %d with BAD_USER_INPUT', async (days) => {
    const { status, body } = await inventoryAs('dpo', days);
    expect(status).toBe(200);
    expect(body.data.dataInventory).toBeNull();
    expect(body.errors).toEqual([
      expect.objectContaining({
        message: `days must be a whole number from 1 to 3650 (got ${days})`,
        extensions: expect.objectContaining({ code: 'BAD_USER_INPUT' }),
      }),
    ]);
  });

  it('counts its own reads in the audit trail, as every read of a classified field', async () => {
    await inventoryAs('architect', 1);
    await stack.gateway.audit.flush();
    // A period not asked for yet: a report is kept for a minute, per period.
    const { body } = await inventoryAs('dpo', 2);
    const own = body.data.dataInventory.fields.find((f: any) => f.coordinate === 'Query.dataInventory');
    expect(own.observedReads).toEqual(
      expect.arrayContaining([expect.objectContaining({ clientId: 'architect-app', purpose: 'schema_exploration' })]),
    );
  });
});
