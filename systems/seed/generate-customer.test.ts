import { Calendar } from './calendar';
import { generateCustomer, type GenerationContext, legacyAccountNumber } from './generate-customer';
import { emptyBuffers, type SystemBuffers } from './row-buffer';

function generate(seed: string, count: number, batch = count): SystemBuffers[] {
  const context: GenerationContext = { seed, calendar: new Calendar(), firstIndex: 1 };
  const batches: SystemBuffers[] = [];
  for (let first = 1; first <= count; first += batch) {
    const buffers = emptyBuffers();
    for (let index = first; index < first + batch && index <= count; index++) generateCustomer(index, context, buffers);
    batches.push(buffers);
  }
  return batches;
}

function rowsOf(batches: SystemBuffers[], system: keyof SystemBuffers, table: string) {
  return batches.flatMap((buffers) =>
    buffers[system]
      .entries()
      .filter(([name]) => name === table)
      .flatMap(([, rows]) => rows),
  );
}

describe('customer generator', () => {
  it('gives the same rows for the same seed, however the run is split into batches', () => {
    const whole = generate('s1', 40);
    const split = generate('s1', 40, 7);
    for (const [system, table] of [
      ['oltp', 'customers'],
      ['oltp', 'orders'],
      ['archive', 'archived_orders'],
      ['warehouse', 'fact_customer_score'],
    ] as const) {
      expect(rowsOf(split, system, table)).toEqual(rowsOf(whole, system, table));
    }
  });

  it('gives different data for a different seed', () => {
    expect(rowsOf(generate('s2', 20), 'oltp', 'customers')).not.toEqual(rowsOf(generate('s1', 20), 'oltp', 'customers'));
  });

  it('writes consistent keys: unique ids, every household and account referenced exists', () => {
    const batches = generate('keys', 300);
    const customers = rowsOf(batches, 'oltp', 'customers');
    const households = new Set(rowsOf(batches, 'oltp', 'households').map((h) => h.id));
    const inHouseholds = customers.filter((customer) => customer.household_id !== null);
    expect(inHouseholds.length).toBeGreaterThan(0);
    expect(inHouseholds.filter((customer) => !households.has(customer.household_id))).toEqual([]);
    for (const table of ['orders', 'invoices', 'payments', 'interactions', 'offers', 'accounts']) {
      const ids = rowsOf(batches, 'oltp', table).map((row) => row.id);
      expect(new Set(ids).size).toBe(ids.length);
    }
    const accountNumbers = new Set(rowsOf(batches, 'oltp', 'accounts').map((a) => a.account_number));
    for (const table of ['archived_orders', 'archived_invoices', 'archived_interactions']) {
      const rows = rowsOf(batches, 'archive', table);
      expect({ table, rows: rows.length > 0 }).toEqual({ table, rows: true });
      expect({ table, unknown: rows.filter((row) => !accountNumbers.has(row.account_number)) }).toEqual({ table, unknown: [] });
    }
  });

  it('keeps legacy account numbers in the archive only, for accounts opened before the OLTP, each naming an account the OLTP holds', () => {
    const batches = generate('legacy', 300);
    const cutoff = new Calendar().retentionCutoff.toISOString().slice(0, 10);
    const accounts = new Map(rowsOf(batches, 'oltp', 'accounts').map((a) => [a.account_number, a]));
    const legacy = rowsOf(batches, 'archive', 'legacy_accounts');
    expect(legacy.length).toBeGreaterThan(20);
    expect(new Set(legacy.map((row) => row.legacy_account_number)).size).toBe(legacy.length);
    for (const row of legacy) {
      const account = accounts.get(row.account_number);
      expect({ row, known: account !== undefined }).toEqual({ row, known: true });
      expect(String(account?.opened_at) < cutoff && String(row.renumbered_on) <= cutoff).toBe(true);
      expect(String(row.legacy_account_number)).toMatch(/^(RT|TC|EN|IN)\/\d{7,}$/);
    }
    expect(
      rowsOf(batches, 'oltp', 'accounts').some(
        (a) => String(a.opened_at) < cutoff && !legacy.some((l) => l.account_number === a.account_number),
      ),
    ).toBe(true);
  });

  it("numbers a legacy account in the old systems' form", () => {
    expect([legacyAccountNumber('RT', 10_004_711), legacyAccountNumber('TC', 19_999_999), legacyAccountNumber('EN', 100_000_000)]).toEqual([
      'RT/0004711',
      'TC/9999999',
      'EN/90000000',
    ]);
  });

  it('keeps two years in the OLTP and moves older history to the archive', () => {
    const batches = generate('retention', 100);
    const cutoff = new Calendar().retentionCutoff.toISOString().slice(0, 10);
    const recent = rowsOf(batches, 'oltp', 'orders');
    expect(recent.length).toBeGreaterThan(0);
    expect(recent.every((o) => String(o.placed_at) >= cutoff)).toBe(true);
    const archived = rowsOf(batches, 'archive', 'archived_orders');
    expect(archived.length).toBeGreaterThan(0);
    expect(archived.every((o) => String(o.placed_at) < cutoff)).toBe(true);
  });

  it('produces the promised mix: restricted customers, no consent, several accounts, customers who turned bad', () => {
    const batches = generate('mix', 2000);
    const customers = rowsOf(batches, 'oltp', 'customers');
    const restricted = customers.filter((c) => c.processing_restricted).length;
    expect(restricted).toBeGreaterThan(0);
    expect(restricted).toBeLessThan(customers.length * 0.02);
    const consents = rowsOf(batches, 'oltp', 'consents');
    expect(consents.some((c) => c.topic === 'profiling' && !c.granted)).toBe(true);
    const accountsPerCustomer = new Map<unknown, number>();
    for (const account of rowsOf(batches, 'oltp', 'accounts'))
      accountsPerCustomer.set(account.customer_id, (accountsPerCustomer.get(account.customer_id) ?? 0) + 1);
    expect([...accountsPerCustomer.values()].some((n) => n > 1)).toBe(true);
    const scores = rowsOf(batches, 'warehouse', 'fact_customer_score');
    const segments = new Set(scores.map((s) => s.segment));
    expect(segments).toEqual(new Set(['premium', 'mainstream', 'bargain_hunter', 'service_heavy', 'at_risk']));
    expect(new Set(scores.map((s) => s.value_tier))).toEqual(new Set(['good', 'marginal', 'unprofitable']));
    expect(scores.some((s) => s.risk_rating === 'bad')).toBe(true);
  });
});
