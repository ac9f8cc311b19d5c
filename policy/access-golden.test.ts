import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'graphql';
import { DEFAULT_SUPERGRAPH_PATH } from '../platform/supergraph-file';
import { consentNeeded, isMasked, mayRead, restrictionApplies } from './access';
import { ACCESS_GOLDEN_PATH, goldenIndex, goldenKey, loadGoldenTable } from './access-golden';
import { fieldRulesFromSdl } from './field-rules';
import { loadPolicy } from './policy';

const policy = loadPolicy();
const rules = fieldRulesFromSdl(parse(readFileSync(DEFAULT_SUPERGRAPH_PATH, 'utf8')));
const table = loadGoldenTable();

/** Every (role, purpose, coordinate) the current policy and supergraph have. */
const expectedKeys = Object.entries(policy.roles).flatMap(([role, { purposes }]) =>
  purposes.flatMap((purpose) => [...rules.keys()].map((coordinate) => goldenKey(role, purpose, coordinate))),
);

describe('the golden access table (policy/access-golden.txt)', () => {
  it('has exactly one row per role × purpose × classified coordinate of the policy and the supergraph', () => {
    const keys = table.map((row) => goldenKey(row.role, row.purpose, row.coordinate));
    const missing = expectedKeys.filter((key) => !keys.includes(key));
    const unknown = keys.filter((key) => !expectedKeys.includes(key));
    // A new field, role or purpose needs reviewed rows; a removed one needs its rows removed.
    expect({ missing, unknown }).toEqual({ missing: [], unknown: [] });
    expect(keys).toHaveLength(expectedKeys.length);
  });

  it('states a few decisions literally (a sanity check of the file itself)', () => {
    const row = (role: string, coordinate: string) => table.find((r) => r.role === role && r.coordinate === coordinate)!.outcome;
    expect(row('support_agent', 'Customer.email')).toBe('masked');
    expect(row('marketing', 'Customer.email')).toBe('consent-required:email');
    expect(row('sales_rep', 'Customer.segment')).toBe('consent-required:profiling');
    expect(row('risk_officer', 'Customer.email')).toBe('forbidden');
    expect(row('architect', 'Customer.email')).toBe('forbidden');
    expect(row('credit_shield', 'Customer.riskRating')).toBe('visible');
    expect(row('support_agent', 'Mutation.withdrawConsent')).toBe('visible');
    expect(row('support_agent', 'Mutation.restrictProcessing')).toBe('forbidden');
    expect(row('architect', 'Mutation.grantConsent')).toBe('forbidden');
    expect(table.filter((r) => r.role === 'dpo').every((r) => r.outcome === 'visible' && !r.restricted)).toBe(true);
  });

  const cases = table.map(
    (row) => [`${row.role}/${row.purpose}`, row.coordinate, row.outcome, row.restricted ? 'restricted' : '-', row] as const,
  );

  it.each(cases)('%s reading %s: the policy code decides %s, %s', (_who, coordinate, _outcome, _restriction, row) => {
    const rule = rules.get(coordinate);
    const role = policy.roles[row.role];
    expect(rule).toBeDefined();
    expect(role?.purposes).toContain(row.purpose);
    const caller = { scopes: new Set(role.scopes), purpose: row.purpose };
    const readable = mayRead(rule!, caller);
    expect({
      readable,
      masked: readable && isMasked(rule!, caller, policy),
      consentTopic: readable ? consentNeeded(rule!, caller) : undefined,
      restricted: readable && restrictionApplies(coordinate.split('.')[0], caller),
    }).toEqual({ readable: row.readable, masked: row.masked, consentTopic: row.consentTopic, restricted: row.restricted });
  });

  describe('reading the file', () => {
    let dir: string;
    const header = readFileSync(ACCESS_GOLDEN_PATH, 'utf8')
      .split('\n')
      .find((line) => line.startsWith('role '))!;
    beforeAll(() => (dir = mkdtempSync(path.join(os.tmpdir(), 'golden-'))));
    afterAll(() => rmSync(dir, { recursive: true, force: true }));
    const load = (...rows: string[]) => {
      const file = path.join(dir, 'table.txt');
      writeFileSync(file, ['# comment', header, ...rows].join('\n'));
      return loadGoldenTable(file);
    };

    it('reads every outcome', () => {
      const rows = load(
        'a p T.f visible -',
        'a p T.g masked restricted',
        'a p T.h forbidden -',
        'a p T.i consent-required:post restricted',
        'a p T.j consent-required:email+masked -',
      );
      expect(rows.map(({ readable, masked, consentTopic, restricted }) => ({ readable, masked, consentTopic, restricted }))).toEqual([
        { readable: true, masked: false, consentTopic: undefined, restricted: false },
        { readable: true, masked: true, consentTopic: undefined, restricted: true },
        { readable: false, masked: false, consentTopic: undefined, restricted: false },
        { readable: true, masked: false, consentTopic: 'post', restricted: true },
        { readable: true, masked: true, consentTopic: 'email', restricted: false },
      ]);
      expect(goldenIndex(rows).get('a/p/T.i')?.line).toBe(6);
    });

    it('refuses unknown outcomes, bad restriction markers, missing columns and repeated rows, naming the line', () => {
      expect(() => load('a p T.f readable -')).toThrow(/line 3: unknown outcome "readable"/);
      expect(() => load('a p T.f visible yes')).toThrow(/line 3: restriction must be/);
      expect(() => load('a p T.f visible')).toThrow(/line 3: expected 5 columns, got 4/);
      expect(() => load('a p T.f visible -', 'a p T.f masked -')).toThrow(/line 4: a second row for a\/p\/T.f/);
    });
  });
});
