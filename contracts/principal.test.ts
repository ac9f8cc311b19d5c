import fc from 'fast-check';
import { type Principal, principalKey } from './principal';

const ALICE: Principal = {
  subject: 'alice',
  scopes: ['pii.basic', 'contact'],
  purpose: 'support',
  clientId: 'desk',
  clientKind: 'first-party',
};

describe('principalKey', () => {
  it('is every field of the principal, the scopes in sorted order', () => {
    expect(principalKey(ALICE)).toBe('["alice","desk","first-party","support",["contact","pii.basic"]]');
    expect(principalKey({ ...ALICE, scopes: ['contact', 'pii.basic'] })).toBe(principalKey(ALICE));
  });

  it('keeps principals apart whatever their fields hold, separators included', () => {
    // With fields joined by "|", these two were one key: the second would have been handed the first's internal token.
    const one = { ...ALICE, subject: 'alice|desk', clientId: 'x' };
    const other = { ...ALICE, subject: 'alice', clientId: 'desk|x' };
    expect(principalKey(one)).not.toBe(principalKey(other));
    expect(principalKey({ ...ALICE, scopes: ['a b'] })).not.toBe(principalKey({ ...ALICE, scopes: ['a', 'b'] }));
  });

  it('is the same for two principals exactly when every field (scopes as a set) is', () => {
    const text = fc.string({ unit: fc.constantFrom('a', '|', ' ', '"', '\\', ','), maxLength: 4 });
    const principal = fc.record({
      subject: text,
      scopes: fc.uniqueArray(text, { maxLength: 3 }),
      purpose: text,
      clientId: text,
      clientKind: fc.constantFrom<Principal['clientKind']>('first-party', 'partner'),
    });
    const same = (a: Principal, b: Principal) =>
      a.subject === b.subject &&
      a.clientId === b.clientId &&
      a.clientKind === b.clientKind &&
      a.purpose === b.purpose &&
      [...a.scopes].sort().join('\u0000') === [...b.scopes].sort().join('\u0000');
    fc.assert(
      fc.property(principal, principal, (a, b) => (principalKey(a) === principalKey(b)) === same(a, b)),
      { numRuns: 2000 },
    );
  });
});
