import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Policy } from './policy';
import { policyMatrix } from './policy-matrix';

const SUPERGRAPH = `
  type Customer {
    id: ID!
    name: String @personal(category: IDENTITY) @access(scopes: [["customer:read"]])
    email: String @personal(category: CONTACT, mask: EMAIL) @access(scopes: [["contact:read"]], purposes: ["marketing"]) @consent(topic: "email", purposes: ["marketing"])
    phone: String @personal(category: CONTACT) @access(scopes: [["contact:read"]], purposes: ["support"])
    segment: String @personal(category: PROFILING) @access(scopes: [["profiling:read"]])
  }
`;
const POLICY = {
  masking: { contact: 'contact:unmasked' },
  roles: {
    agent: { scopes: ['customer:read', 'contact:read'], purposes: ['marketing', 'support'] },
    viewer: { scopes: ['customer:read', 'contact:read'], purposes: ['support'] },
  },
} as unknown as Policy;

describe('the role × category matrix', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'policy-matrix-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('counts a field readable for any purpose of the role, and notes masking and consent where any purpose meets them', () => {
    const file = path.join(dir, 'supergraph.graphql');
    writeFileSync(file, SUPERGRAPH);
    expect(policyMatrix(POLICY, file).split('\n')).toEqual([
      '| role | purposes | identity | contact | financial | behavioural | profiling | risk |',
      '|---|---|---|---|---|---|---|---|',
      '| agent | marketing, support | all | all (masked, consent) | — | — | — | — |',
      '| viewer | support | all | 1/2 | — | — | — | — |',
    ]);
  });
});
