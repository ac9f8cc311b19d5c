import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { GoldenRow } from './access-golden';
import { policyMatrix } from './policy-matrix';

const SUPERGRAPH = `
  type Customer {
    id: ID!
    name: String @personal(category: IDENTITY) @access(scopes: [["customer:read"]])
    email: String @personal(category: CONTACT, mask: EMAIL) @access(scopes: [["contact:read"]], purposes: ["marketing"])
      @consent(topic: "email", purposes: ["marketing"])
    phone: String @personal(category: CONTACT) @access(scopes: [["contact:read"]], purposes: ["support"])
    segment: String @personal(category: PROFILING) @access(scopes: [["profiling:read"]])
  }
`;
/** Golden rows as the table states them: agent serves marketing and support, viewer only support. */
const row = (role: string, purpose: string, coordinate: string, outcome: string): GoldenRow => ({
  line: 0,
  role,
  purpose,
  coordinate,
  outcome,
  readable: outcome !== 'forbidden',
  masked: outcome.endsWith('masked'),
  consentTopic: outcome.startsWith('consent-required:') ? outcome.slice('consent-required:'.length).replace(/\+masked$/, '') : undefined,
  restricted: true,
});
const TABLE: GoldenRow[] = [
  row('agent', 'marketing', 'Customer.name', 'visible'),
  row('agent', 'marketing', 'Customer.email', 'consent-required:email+masked'),
  row('agent', 'marketing', 'Customer.phone', 'forbidden'),
  row('agent', 'marketing', 'Customer.segment', 'forbidden'),
  row('agent', 'support', 'Customer.name', 'visible'),
  row('agent', 'support', 'Customer.email', 'forbidden'),
  row('agent', 'support', 'Customer.phone', 'masked'),
  row('agent', 'support', 'Customer.segment', 'forbidden'),
  row('viewer', 'support', 'Customer.name', 'visible'),
  row('viewer', 'support', 'Customer.email', 'forbidden'),
  row('viewer', 'support', 'Customer.phone', 'visible'),
  row('viewer', 'support', 'Customer.segment', 'forbidden'),
];

describe('the role × category matrix', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'policy-matrix-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('counts a field readable for any purpose of the role, and notes masking and consent where any purpose meets them', () => {
    const file = path.join(dir, 'supergraph.graphql');
    writeFileSync(file, SUPERGRAPH);
    expect(policyMatrix(TABLE, file).split('\n')).toEqual([
      '| role | purposes | identity | contact | financial | behavioural | profiling | risk |',
      '|---|---|---|---|---|---|---|---|',
      '| agent | marketing, support | all | all (masked, consent) | — | — | — | — |',
      '| viewer | support | all | 1/2 | — | — | — | — |',
    ]);
  });
});
