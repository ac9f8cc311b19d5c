import type { FieldRule, FieldRules } from './field-rules';
import { checkRulesAgainstPolicy, consentNeeded, describeRule, isMasked, mayRead, RESTRICTED_READ_SCOPE } from './access';
import type { Policy } from './policy';

const POLICY = {
  purposes: { sales: 'Selling', marketing: 'Marketing', support: 'Support' },
  scopes: { 'customer:read': '', 'contact:read': '', 'contact:unmasked': '', 'risk:read': '' },
  masking: { contact: 'contact:unmasked' },
  roles: {},
  enforcement: { firstParty: 'filter', partner: 'reject', clients: {} },
  limits: {},
} as unknown as Policy;

const caller = (scopes: string[], purpose = 'sales') => ({ scopes: new Set(scopes), purpose });

describe('mayRead', () => {
  const anyOfTwoSets: FieldRule = { category: 'CONTACT', scopes: [['customer:read', 'contact:read'], ['risk:read']] };

  it('lets a caller holding every scope of one set read the field', () => {
    expect(mayRead(anyOfTwoSets, caller(['customer:read', 'contact:read']))).toBe(true);
    expect(mayRead(anyOfTwoSets, caller(['risk:read']))).toBe(true);
  });

  it('refuses a caller holding only part of each set', () => {
    expect(mayRead(anyOfTwoSets, caller(['customer:read']))).toBe(false);
    expect(mayRead(anyOfTwoSets, caller(['contact:read']))).toBe(false);
    expect(mayRead(anyOfTwoSets, caller([]))).toBe(false);
  });

  it('refuses everybody when the field has no scope sets (a missing @access fails closed)', () => {
    expect(mayRead({ category: 'CONTACT', scopes: [] }, caller(['customer:read', 'contact:read', 'risk:read']))).toBe(false);
  });

  it('allows every purpose when the rule names none, and only the named ones when it does', () => {
    const anyPurpose: FieldRule = { category: 'RISK', scopes: [['risk:read']] };
    const salesOnly: FieldRule = { category: 'RISK', scopes: [['risk:read']], purposes: ['sales'] };
    expect(mayRead(anyPurpose, caller(['risk:read'], 'marketing'))).toBe(true);
    expect(mayRead(salesOnly, caller(['risk:read'], 'sales'))).toBe(true);
    expect(mayRead(salesOnly, caller(['risk:read'], 'marketing'))).toBe(false);
  });

  it('needs both the scopes and the purpose', () => {
    const salesOnly: FieldRule = { category: 'RISK', scopes: [['risk:read']], purposes: ['sales'] };
    expect(mayRead(salesOnly, caller([], 'sales'))).toBe(false);
  });
});

describe('isMasked', () => {
  const email: FieldRule = { category: 'CONTACT', mask: 'EMAIL', scopes: [['contact:read']] };

  it('masks a masked field for a caller without the unmask scope of its category', () => {
    expect(isMasked(email, caller(['contact:read']), POLICY)).toBe(true);
  });

  it('shows it in full to a caller holding the unmask scope', () => {
    expect(isMasked(email, caller(['contact:read', 'contact:unmasked']), POLICY)).toBe(false);
  });

  it('never masks a field without a mask style', () => {
    expect(isMasked({ category: 'CONTACT', scopes: [['contact:read']] }, caller(['contact:read']), POLICY)).toBe(false);
  });

  it('does not mask a category the policy names no unmask scope for', () => {
    expect(isMasked({ category: 'RISK', mask: 'CARD', scopes: [['risk:read']] }, caller(['risk:read']), POLICY)).toBe(false);
  });
});

describe('consentNeeded', () => {
  const phone: FieldRule = {
    category: 'CONTACT',
    scopes: [['contact:read']],
    consent: { topic: 'phone_marketing', purposes: ['marketing'] },
  };

  it('names the consent topic for a purpose that needs it', () => {
    expect(consentNeeded(phone, caller(['contact:read'], 'marketing'))).toBe('phone_marketing');
  });

  it('needs no consent for another purpose, or for a field without @consent', () => {
    expect(consentNeeded(phone, caller(['contact:read'], 'support'))).toBeUndefined();
    expect(consentNeeded({ category: 'CONTACT', scopes: [['contact:read']] }, caller(['contact:read'], 'marketing'))).toBeUndefined();
  });
});

describe('describeRule', () => {
  it('describes a plain field of another type', () => {
    expect(describeRule({ category: 'RISK', scopes: [['risk:read']] }, 'Order')).toBe('Personal data (risk). Readable with risk:read.');
  });

  it('describes scope sets, purposes, masking, consent and restriction for a customer field', () => {
    expect(
      describeRule(
        {
          category: 'CONTACT',
          mask: 'POSTAL_LINE',
          scopes: [['customer:read', 'contact:read'], ['risk:read']],
          purposes: ['sales', 'support'],
          consent: { topic: 'post', purposes: ['marketing', 'sales'] },
        },
        'Customer',
      ),
    ).toBe(
      'Personal data (contact). Readable with customer:read + contact:read or risk:read for the purposes sales, support; ' +
        "masked (postal_line) unless the caller may see it in full; needs the customer's post consent for marketing, sales; " +
        "null with PROCESSING_RESTRICTED while the customer's processing is restricted.",
    );
  });

  it('says "any caller" for a rule without scope sets', () => {
    expect(describeRule({ category: 'IDENTITY', scopes: [] }, 'Household')).toBe('Personal data (identity). Readable with any caller.');
  });
});

describe('checkRulesAgainstPolicy', () => {
  it('finds nothing wrong with rules that name declared scopes and purposes', () => {
    const rules: FieldRules = new Map([
      [
        'Customer.email',
        { category: 'CONTACT', scopes: [['contact:read']], purposes: ['sales'], consent: { topic: 'email', purposes: ['marketing'] } },
      ],
    ]);
    expect(checkRulesAgainstPolicy(rules, POLICY)).toEqual([]);
  });

  it('lists every undeclared scope and purpose, and fields without scopes', () => {
    const rules: FieldRules = new Map<string, FieldRule>([
      [
        'Customer.email',
        {
          category: 'CONTACT',
          scopes: [['contact:read', 'contact:write']],
          purposes: ['gossip'],
          consent: { topic: 'email', purposes: ['spam'] },
        },
      ],
      ['Customer.phone', { category: 'CONTACT', scopes: [] }],
    ]);
    expect(checkRulesAgainstPolicy(rules, POLICY)).toEqual([
      'Customer.email names an undeclared scope "contact:write"',
      'Customer.email names an undeclared purpose "gossip"',
      'Customer.email names an undeclared purpose "spam"',
      'Customer.phone has no @access scopes',
    ]);
  });

  it('complains about a schema that classifies nothing', () => {
    expect(checkRulesAgainstPolicy(new Map(), POLICY)).toEqual(['the schema classifies no field at all']);
  });
});

it('names the scope that lets the data-protection officer read restricted customers', () => {
  expect(RESTRICTED_READ_SCOPE).toBe('restricted:read');
});
