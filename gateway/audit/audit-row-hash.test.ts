import fc from 'fast-check';
import { createHash } from 'node:crypto';
import { stringify } from 'safe-stable-stringify';
import { operationRowHash, purgeRowHash } from './audit-chain';

/**
 * Every stored row's hash was made of one text; `audit:verify` must keep matching the rows
 * written by earlier versions, so the text may never change. The hashes below were made by
 * the first version of the format (safe-stable-stringify of the picked columns, keys sorted).
 */
const operation = {
  id: 41,
  hash: 'not covered',
  record_key: 'k-1',
  kind: 'read',
  at: '2026-12-03T10:00:00.000Z',
  request_id: 'req-1',
  client_request_id: null,
  subject: 'agent-7',
  client_id: 'desk-app',
  client_kind: 'first-party',
  purpose: 'customer_service',
  operation_name: 'CustomerPage',
  operation_hash: 'abc',
  refusal: null,
  returned: '["Customer.email","Customer.name"]',
  masked: '[]',
  denied: '[]',
  chain: 'host-1-aa',
  seq: '7',
  prev_hash: '0'.repeat(64),
};
const customers = [
  { customer_id: 'C-2', returned: '["Customer.name"]', masked: '[]', denied: '[]', operation_id: 41 },
  { customer_id: 'C-10', returned: '["Customer.email"]', masked: '["Customer.phone"]', denied: '["Customer.birthDate"]' },
];

const OPERATION_COLUMNS = [
  'record_key',
  'kind',
  'at',
  'request_id',
  'client_request_id',
  'subject',
  'client_id',
  'client_kind',
  'purpose',
  'operation_name',
  'operation_hash',
  'refusal',
  'returned',
  'masked',
  'denied',
  'chain',
  'seq',
  'prev_hash',
];

type Row = Record<string, any>;

/** The first version of the hash, as it was written. */
function firstVersionHash(row: Row, rows: Row[]): string {
  const pick = (from: Row, columns: string[]) =>
    Object.fromEntries(
      columns.map((column) => {
        const value = from[column];
        if (value === null || value === undefined) return [column, null];
        if (column === 'seq') return [column, Number(value)];
        return [column, Buffer.from(String(value), 'utf8').toString('utf8')];
      }),
    );
  const own = rows.map((customer) => pick(customer, ['customer_id', 'returned', 'masked', 'denied']));
  own.sort((a, b) => (String(a.customer_id) < String(b.customer_id) ? -1 : String(a.customer_id) > String(b.customer_id) ? 1 : 0));
  const columns = row.searches === null || row.searches === undefined ? OPERATION_COLUMNS : [...OPERATION_COLUMNS, 'searches'];
  const text = stringify({ operation: pick(row, columns), customers: own }) ?? '';
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

const LONE_SURROGATE_HASH = 'e7d6cf558728684bf2d69ca10876f222599810f36af68a16ba05b2c57b847324';

describe('the audit row hash', () => {
  it('is the hash earlier versions stored for the same rows', () => {
    expect(operationRowHash(operation, customers)).toBe('b8d29071a248bc92261b61501472cc2c51f50c73b79d3e786d69d625077da1f2');
    expect(operationRowHash(operation, [...customers].reverse())).toBe('b8d29071a248bc92261b61501472cc2c51f50c73b79d3e786d69d625077da1f2');
    expect(operationRowHash(operation, [])).toBe('2e4b788df73f1581853b03687528225fae811f146b93964a3cf5932b9051c6e8');
    const searched = { ...operation, searches: '[{"kind":"name","termHash":"ff"}]', subject: 'Zoë \ud83d\ude00 "q" \\ \n' };
    expect(operationRowHash(searched, customers)).toBe('b53688ee76f2a5fb02a72570560e7ee7e678358db741e28be34fd3b255bda5ce');
    expect(operationRowHash({ ...operation, subject: 'lone \ud800 surrogate' }, customers)).toBe(LONE_SURROGATE_HASH);
    const purge = {
      at: '2026-12-03T10:00:00.000Z',
      cutoff: '2025-12-03T10:00:00.000Z',
      removed: 12,
      checkpoints: '[]',
      chain: 'purge-1',
      seq: 1,
      prev_hash: '0'.repeat(64),
    };
    expect(purgeRowHash(purge)).toBe('d7d6b9df3b614860615cda52c0d8c60e64d16872c7ebb04df11ebc66c97e6421');
  });

  it('covers the same text as the first version for any column values', () => {
    const value = fc.oneof(
      fc.constant(null),
      fc.string({ unit: 'binary' }),
      fc.integer(),
      fc.string({ unit: fc.nat(0xffff).map((code) => String.fromCharCode(code)) }),
    );
    const shared = fc.oneof(value, fc.constantFrom('["Customer.name","Customer.segment"]', '[]', '["\ud800"]', '"\u2028"'));
    fc.assert(
      fc.property(
        fc.record({ subject: value, seq: value, searches: value }),
        // Lists repeat between customers (a page's customers share them), and any column may be missing or odd.
        fc.array(
          fc.record(
            { customer_id: fc.oneof(fc.string(), value), returned: shared, masked: shared, denied: shared },
            { requiredKeys: ['customer_id'] },
          ),
        ),
        (over, rows) => {
          const row = { ...operation, ...over };
          expect(operationRowHash(row, rows)).toBe(firstVersionHash(row, rows));
        },
      ),
    );
  });
});
