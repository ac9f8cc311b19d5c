import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadPolicy, PolicyError } from './policy';

describe('policy file', () => {
  it('defines the demo roles with declared scopes and purposes', () => {
    const policy = loadPolicy();
    expect(Object.keys(policy.roles)).toEqual([
      'support_agent',
      'sales_rep',
      'marketing',
      'risk_officer',
      'dpo',
      'acme_delivery',
      'credit_shield',
      'architect',
    ]);
    expect(policy.roles.acme_delivery).toEqual({
      description: expect.any(String),
      scopes: ['customer:read', 'contact:read', 'contact:unmasked'],
      purposes: ['order_delivery'],
      clientKind: 'partner',
      client: 'acme-delivery',
      maxCustomers: 1,
    });
    expect(policy.roles.credit_shield).toEqual({
      description: expect.any(String),
      scopes: ['customer:read', 'risk:read'],
      purposes: ['credit_insurance'],
      clientKind: 'partner',
      client: 'credit-shield',
      maxCustomers: 1,
    });
    expect(policy.roles.support_agent.client).toBeUndefined();
    // The most customers one request may return, per role: reviewed numbers, not derived ones.
    expect(Object.fromEntries(Object.entries(policy.roles).map(([name, role]) => [name, role.maxCustomers]))).toEqual({
      support_agent: 200,
      sales_rep: 500,
      marketing: 1000,
      risk_officer: 500,
      dpo: 1000,
      acme_delivery: 1,
      credit_shield: 1,
      architect: 0,
    });
    expect(policy.enforcement).toEqual({ firstParty: 'filter', partner: 'reject', clients: {} });
    // Partners get tighter operation limits than first-party clients.
    for (const limit of ['depth', 'aliases', 'directives', 'tokens', 'cost'] as const) {
      expect(policy.limits.partner[limit]).toBeLessThan(policy.limits['first-party'][limit]);
    }
  });

  it('refuses a policy naming undeclared scopes or purposes, listing each problem', () => {
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'policy-')), 'policy.yaml');
    writeFileSync(
      file,
      [
        'purposes: { sales: Selling }',
        'scopes: { customer:read: Basics }',
        'masking: { contact: contact:unmasked }',
        'roles:',
        '  clerk: { scopes: [customer:read, orders:read], purposes: [sales, gossip], client: Clerk App }',
        'enforcement: { first-party: filter, partner: block }',
        'limits:',
        '  first-party: { depth: 10, aliases: 10, directives: 5, tokens: 1000, cost: 100 }',
        '  partner: { depth: 0, aliases: 10, directives: 5, tokens: many, cost: 100 }',
      ].join('\n'),
    );
    expect(() => loadPolicy(file)).toThrow(PolicyError);
    expect(() => loadPolicy(file)).toThrow(
      new RegExp(
        [
          'masking.contact names an undeclared scope "contact:unmasked"',
          'roles.clerk names an undeclared scope "orders:read"',
          'roles.clerk names an undeclared purpose "gossip"',
          String.raw`roles.clerk.max_customers must be a whole number of customers, 0 or more \(got undefined\)`,
          String.raw`roles.clerk.client must be a client id of lower-case letters, digits and dashes \(got "Clerk App"\)`,
          'enforcement.partner must be filter or reject',
          'limits.partner.depth must be a positive integer',
          'limits.partner.tokens must be a positive integer',
        ].join(String.raw`[\s\S]*`),
      ),
    );
  });
});
