import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DEFAULT_POLICY_PATH, loadPolicy, PolicyError } from './policy';

const LIMITS = [
  'limits:',
  '  first-party: { depth: 10, aliases: 9, directives: 8, tokens: 1000, cost: 100 }',
  '  partner: { depth: 5, aliases: 4, directives: 3, tokens: 500, cost: 50 }',
];
const VALID = [
  'purposes: { sales: Selling, support: Helping }',
  'scopes: { customer:read: Basics, contact:read: Contact, contact:unmasked: Unmasked }',
  'masking: { contact: contact:unmasked }',
  'roles:',
  '  clerk: { description: Sells, scopes: [customer:read], purposes: [sales, support], max_customers: 50 }',
  '  courier: { scopes: [customer:read, contact:read], purposes: [support], client_kind: partner, client: courier-2, max_customers: 1 }',
  '  other: { purposes: [sales], client_kind: third-party, max_customers: 0 }',
  'enforcement: { first-party: filter, partner: reject, clients: { courier-2: filter } }',
  ...LIMITS,
];

describe('loadPolicy', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'policy-validation-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const write = (lines: string[], name = 'policy.yaml') => {
    const file = path.join(dir, name);
    writeFileSync(file, lines.join('\n'));
    return file;
  };
  /** The problems a refused policy lists, one per line. */
  const problemsOf = (file: string): string[] => {
    try {
      loadPolicy(file);
    } catch (error) {
      expect(error).toBeInstanceOf(PolicyError);
      const [first, ...problems] = (error as Error).message.split('\n');
      expect(first).toBe(`Invalid policy ${file}:`);
      return problems;
    }
    throw new Error('the policy was accepted');
  };

  it('reads a valid policy: roles with their defaults, enforcement per client kind and client, and the limits', () => {
    expect(loadPolicy(write(VALID))).toEqual({
      purposes: { sales: 'Selling', support: 'Helping' },
      scopes: { 'customer:read': 'Basics', 'contact:read': 'Contact', 'contact:unmasked': 'Unmasked' },
      masking: { contact: 'contact:unmasked' },
      roles: {
        clerk: {
          description: 'Sells',
          scopes: ['customer:read'],
          purposes: ['sales', 'support'],
          clientKind: 'first-party',
          maxCustomers: 50,
        },
        courier: {
          description: '',
          scopes: ['customer:read', 'contact:read'],
          purposes: ['support'],
          clientKind: 'partner',
          client: 'courier-2',
          maxCustomers: 1,
        },
        other: { description: '', scopes: [], purposes: ['sales'], clientKind: 'first-party', maxCustomers: 0 },
      },
      enforcement: { firstParty: 'filter', partner: 'reject', clients: { 'courier-2': 'filter' } },
      limits: {
        'first-party': { depth: 10, aliases: 9, directives: 8, tokens: 1000, cost: 100 },
        partner: { depth: 5, aliases: 4, directives: 3, tokens: 500, cost: 50 },
      },
    });
  });

  it('gives a role without a client no client key at all', () => {
    expect(Object.keys(loadPolicy(write(VALID)).roles.clerk)).toEqual(['description', 'scopes', 'purposes', 'clientKind', 'maxCustomers']);
  });

  it('reads each file once, and a second file on its own', () => {
    const file = write(VALID);
    const other = write(VALID, 'other.yaml');
    expect(loadPolicy(file)).toBe(loadPolicy(file));
    expect(loadPolicy(other)).not.toBe(loadPolicy(file));
  });

  it('reads the project policy by default', () => {
    expect(loadPolicy()).toBe(loadPolicy(DEFAULT_POLICY_PATH));
    expect(DEFAULT_POLICY_PATH.endsWith(path.join('policy', 'policy.yaml'))).toBe(true);
  });

  it('lists every section that is not a mapping, and the missing enforcement and limits', () => {
    expect(problemsOf(write(['purposes: [sales]', 'scopes: plain text', 'masking: null']))).toEqual([
      '  - purposes must be a mapping',
      '  - scopes must be a mapping',
      '  - masking must be a mapping',
      '  - roles must be a mapping',
      '  - enforcement.first-party must be filter or reject (got undefined)',
      '  - enforcement.partner must be filter or reject (got undefined)',
      '  - limits.first-party.depth must be a positive integer (got undefined)',
      '  - limits.first-party.aliases must be a positive integer (got undefined)',
      '  - limits.first-party.directives must be a positive integer (got undefined)',
      '  - limits.first-party.tokens must be a positive integer (got undefined)',
      '  - limits.first-party.cost must be a positive integer (got undefined)',
      '  - limits.partner.depth must be a positive integer (got undefined)',
      '  - limits.partner.aliases must be a positive integer (got undefined)',
      '  - limits.partner.directives must be a positive integer (got undefined)',
      '  - limits.partner.tokens must be a positive integer (got undefined)',
      '  - limits.partner.cost must be a positive integer (got undefined)',
    ]);
  });

  it('lists undeclared scopes and purposes, a role without purposes, a bad client id and bad enforcement modes', () => {
    expect(
      problemsOf(
        write([
          'purposes: { sales: Selling }',
          'scopes: { customer:read: Basics }',
          'masking: { contact: contact:unmasked }',
          'roles:',
          '  clerk: { scopes: [customer:read, orders:read], purposes: [gossip], client: Clerk_App, max_customers: 10 }',
          '  idle: { scopes: [customer:read], purposes: [], max_customers: 1.5 }',
          '  dashed: { purposes: [sales], client: -leading, max_customers: -1 }',
          'enforcement: { first-party: allow, partner: reject, clients: { clerk-app: block } }',
          ...LIMITS,
        ]),
      ),
    ).toEqual([
      '  - masking.contact names an undeclared scope "contact:unmasked"',
      '  - roles.clerk names an undeclared scope "orders:read"',
      '  - roles.clerk names an undeclared purpose "gossip"',
      '  - roles.clerk.client must be a client id of lower-case letters, digits and dashes (got "Clerk_App")',
      '  - roles.idle needs at least one purpose',
      '  - roles.idle.max_customers must be a whole number of customers, 0 or more (got 1.5)',
      '  - roles.dashed.max_customers must be a whole number of customers, 0 or more (got -1)',
      '  - roles.dashed.client must be a client id of lower-case letters, digits and dashes (got "-leading")',
      '  - enforcement.first-party must be filter or reject (got "allow")',
      '  - enforcement.clients.clerk-app must be filter or reject (got "block")',
    ]);
  });

  it('accepts a client id of lower-case letters, digits and dashes only, whole', () => {
    const withClient = (client: string) =>
      write(
        [
          'purposes: { sales: Selling }',
          'scopes: {}',
          'masking: {}',
          'roles:',
          `  r: { purposes: [sales], client: "${client}", max_customers: 5 }`,
          'enforcement: { first-party: filter, partner: reject }',
          ...LIMITS,
        ],
        `${client.replace(/[^a-z0-9]/gi, '_')}-${Math.random()}.yaml`,
      );
    expect(loadPolicy(withClient('a1-b')).roles.r.client).toBe('a1-b');
    expect(loadPolicy(withClient('9')).roles.r.client).toBe('9');
    for (const bad of ['a b', 'ab!', 'A', '']) {
      expect(problemsOf(withClient(bad))).toEqual([
        `  - roles.r.client must be a client id of lower-case letters, digits and dashes (got ${JSON.stringify(bad)})`,
      ]);
    }
  });

  it('refuses limits that are not positive integers, saying what they were', () => {
    expect(
      problemsOf(
        write([
          'purposes: {}',
          'scopes: {}',
          'masking: {}',
          'roles: {}',
          'enforcement: { first-party: filter, partner: reject }',
          'limits:',
          '  first-party: { depth: 0, aliases: 1.5, directives: "3", tokens: -1, cost: 1 }',
          '  partner: { depth: 1, aliases: 1, directives: 1, tokens: 1, cost: 1 }',
        ]),
      ),
    ).toEqual([
      '  - limits.first-party.depth must be a positive integer (got 0)',
      '  - limits.first-party.aliases must be a positive integer (got 1.5)',
      '  - limits.first-party.directives must be a positive integer (got "3")',
      '  - limits.first-party.tokens must be a positive integer (got -1)',
    ]);
  });

  it('keeps the roles its problems do not concern, and reads a role that is no mapping as one without purposes', () => {
    expect(
      problemsOf(
        write([
          'purposes: {}',
          'scopes: {}',
          'masking: {}',
          'roles: { empty: null, listed: [a] }',
          'enforcement: { first-party: filter, partner: reject }',
          ...LIMITS,
        ]),
      ),
    ).toEqual([
      '  - roles.empty needs at least one purpose',
      '  - roles.empty.max_customers must be a whole number of customers, 0 or more (got undefined)',
      '  - roles.listed needs at least one purpose',
      '  - roles.listed.max_customers must be a whole number of customers, 0 or more (got undefined)',
    ]);
  });
});
