import { readFileSync } from 'node:fs';
import { parse } from 'graphql';
import { DEFAULT_SUPERGRAPH_PATH } from '../platform/supergraph-file';
import { loadGoldenTable } from './access-golden';
import { type DataQuality, dataInventory, inventoryDaysProblem, inventoryReport } from './data-inventory';
import { inventoryMarkdown } from './data-inventory-markdown';
import { loadPolicy } from './policy';

const supergraph = parse(readFileSync(DEFAULT_SUPERGRAPH_PATH, 'utf8'));
// The inventory lists the data held: a mutation's rows say who may send it, and are no field held.
const golden = loadGoldenTable().filter((row) => !row.coordinate.startsWith('Mutation.'));
const READS = [
  { coordinate: 'Customer.email', clientId: 'crm-app', purpose: 'customer_service', reads: 3, lastAt: '2026-11-30T10:00:00.000Z' },
  { coordinate: 'Customer.email', clientId: 'campaigns', purpose: 'marketing', reads: 5, lastAt: '2026-11-29T10:00:00.000Z' },
  { coordinate: 'Customer.name', clientId: 'crm-app', purpose: 'customer_service', reads: 8, lastAt: '2026-11-30T10:00:00.000Z' },
];
const inventory = dataInventory(supergraph, loadPolicy(), READS);
const entry = (coordinate: string) => inventory.find((e) => e.coordinate === coordinate);

describe('the data inventory', () => {
  it('lists no mutation', () => {
    expect(inventory.filter((e) => e.coordinate.startsWith('Mutation.'))).toEqual([]);
  });

  it('lists every classified field of the supergraph once: the coordinates the reviewed golden table holds', () => {
    const coordinates = inventory.map((e) => e.coordinate);
    expect(new Set(coordinates).size).toBe(coordinates.length);
    expect([...coordinates].sort()).toEqual([...new Set(golden.map((row) => row.coordinate))].sort());
  });

  it('says of each field who may read it, for which purpose, masked or with consent, as the golden table does', () => {
    for (const row of golden) {
      const access = entry(row.coordinate)!.access.find((a) => a.role === row.role && a.purpose === row.purpose);
      const expected = row.readable ? { role: row.role, purpose: row.purpose, masked: row.masked, consent: row.consentTopic } : undefined;
      expect({ at: `${row.role}/${row.purpose}/${row.coordinate}`, access: access && { consent: undefined, ...access } }).toEqual({
        at: `${row.role}/${row.purpose}/${row.coordinate}`,
        access: expected,
      });
    }
  });

  it('names where a field comes from, what it is in the Fides taxonomy, and who read it', () => {
    expect(entry('Customer.email')).toEqual({
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
        { role: 'support_agent', purpose: 'customer_service', masked: true },
        { role: 'sales_rep', purpose: 'sales', masked: false },
        { role: 'marketing', purpose: 'marketing', masked: false, consent: 'email' },
        { role: 'dpo', purpose: 'data_protection', masked: false },
        { role: 'acme_delivery', purpose: 'order_delivery', masked: false },
      ],
      observedReads: [
        { clientId: 'campaigns', purpose: 'marketing', reads: 5, lastAt: '2026-11-29T10:00:00.000Z' },
        { clientId: 'crm-app', purpose: 'customer_service', reads: 3, lastAt: '2026-11-30T10:00:00.000Z' },
      ],
      unread: false,
      coverage: null,
      coverageNote: 'not measured',
    });
    expect(entry('Payment.iban')).toMatchObject({ subgraph: 'crm', fidesDataCategory: 'user.financial.bank_account', unread: true });
    expect(entry('Customer.riskRating')).toMatchObject({ subgraph: 'analytics', systemOfRecord: 'warehouse', category: 'RISK' });
    expect(entry('Customer.archivedOrders')).toMatchObject({ subgraph: 'archive', fidesDataCategory: 'user.behavior.purchase_history' });
    expect(entry('Query.accessLog')).toMatchObject({ subgraph: 'privacy', systemOfRecord: 'audit store' });
  });

  it('lists the fields nobody read over the period, as candidates for data minimisation', () => {
    const unread = inventory.filter((e) => e.unread).map((e) => e.coordinate);
    expect(unread).not.toContain('Customer.email');
    expect(unread).not.toContain('Customer.name');
    expect(unread).toHaveLength(inventory.length - 2);
    const markdown = inventoryMarkdown({ fields: inventory, since: '2026-11-01T00:00:00.000Z', days: 30, freshness: [] });
    expect(markdown).toContain('| `Customer.email` | OLTP database (crm) | CONTACT (`user.contact.email`) |');
    expect(markdown).toContain('campaigns/marketing ×5, crm-app/customer_service ×3 | not measured |');
    expect(markdown.split('## Read by nobody')[1]).toContain('- `Payment.iban`');
    expect(markdown.split('## Read by nobody')[1]).not.toContain('`Customer.email`');
  });

  it('gives each field what the systems measured, and the report their freshness', () => {
    const quality: DataQuality = {
      coverage: new Map([
        [
          'Customer.phone',
          {
            coverage: { system: 'oltp', source: 'customers.phone', unit: 'customer', withValue: 2, total: 4, share: 0.5 },
            note: null,
          },
        ],
        ['Query.accessLog', { coverage: null, note: 'not measurable: the audit trail' }],
      ]),
      freshness: [{ system: 'warehouse', source: 'warehouse_load.loaded_at', newest: '2026-11-30T02:00:00', note: null }],
    };
    const report = inventoryReport(supergraph, loadPolicy(), { since: '2026-11-01T00:00:00.000Z', days: 30, observed: READS, quality });
    const field = (coordinate: string) => report.fields.find((e) => e.coordinate === coordinate)!;
    expect(report).toMatchObject({ since: '2026-11-01T00:00:00.000Z', days: 30, freshness: quality.freshness });
    expect(field('Customer.phone')).toMatchObject({ coverage: { withValue: 2, total: 4, share: 0.5 }, coverageNote: null });
    expect(field('Query.accessLog')).toMatchObject({ coverage: null, coverageNote: 'not measurable: the audit trail' });
    expect(field('Customer.email')).toMatchObject({ coverage: null, coverageNote: 'no known mapping to a system' });
    expect(report.fields.map((e) => e.coordinate)).toEqual(inventory.map((e) => e.coordinate));
    const markdown = inventoryMarkdown(report);
    expect(markdown).toContain('| 50.0 % (2/4 customers, `customers.phone` in the oltp) |');
    expect(markdown).toContain('- warehouse, newest `warehouse_load.loaded_at`: 2026-11-30T02:00:00');
  });

  it('takes a period of 1 to 3650 whole days', () => {
    expect([1, 30, 3650].map(inventoryDaysProblem)).toEqual([null, null, null]);
    expect(inventoryDaysProblem(0)).toBe('days must be a whole number from 1 to 3650 (got 0)');
    expect(inventoryDaysProblem(3651)).toBe('days must be a whole number from 1 to 3650 (got 3651)');
    expect(inventoryDaysProblem(-5)).not.toBeNull();
    expect(inventoryDaysProblem(Number.NaN)).not.toBeNull();
  });
});
