import type { Policy } from '../../policy/policy';
import { AuthenticationError, principalFromToken, PurposeNotAllowedError } from './principal-from-token';

const POLICY = { purposes: { sales: 'Selling', support: 'Helping', audit: 'Auditing' } } as unknown as Policy;
const TOKEN = {
  sub: 'clerk@example.com',
  client_id: 'clerk-app',
  client_kind: 'first-party',
  purpose: 'sales support',
  scope: 'customer:read  contact:read',
};

/** The refusal `principalFromToken` throws for this payload and purpose. */
function refusal(payload: Record<string, unknown>, requested?: string): Error {
  try {
    principalFromToken(payload, requested, POLICY);
  } catch (error) {
    return error as Error;
  }
  throw new Error('the token was accepted');
}

describe('principalFromToken', () => {
  it('makes the caller of a valid token, serving its first purpose by default', () => {
    expect(principalFromToken(TOKEN, undefined, POLICY)).toEqual({
      principal: {
        subject: 'clerk@example.com',
        scopes: ['customer:read', 'contact:read'],
        purpose: 'sales',
        clientId: 'clerk-app',
        clientKind: 'first-party',
      },
      allowedPurposes: ['sales', 'support'],
    });
  });

  it('serves another purpose of the token when the request asks for it', () => {
    expect(principalFromToken(TOKEN, 'support', POLICY).principal.purpose).toBe('support');
  });

  it('keeps a partner a partner, and a token without scopes has none', () => {
    const { principal } = principalFromToken({ ...TOKEN, client_kind: 'partner', scope: undefined, purpose: ' audit ' }, undefined, POLICY);
    expect(principal).toEqual({ subject: 'clerk@example.com', scopes: [], purpose: 'audit', clientId: 'clerk-app', clientKind: 'partner' });
    expect(principalFromToken({ ...TOKEN, scope: ['customer:read'] }, undefined, POLICY).principal.scopes).toEqual([]);
  });

  it.each([
    ['no subject', { ...TOKEN, sub: undefined }, 'The token has no subject'],
    ['an empty subject', { ...TOKEN, sub: '' }, 'The token has no subject'],
    ['a subject that is no string', { ...TOKEN, sub: 42 }, 'The token has no subject'],
    ['no client_id', { ...TOKEN, client_id: undefined }, 'The token has no client_id'],
    ['an empty client_id', { ...TOKEN, client_id: '' }, 'The token has no client_id'],
    ['a client_id that is no string', { ...TOKEN, client_id: 7 }, 'The token has no client_id'],
    ['no client_kind', { ...TOKEN, client_kind: undefined }, 'The token has no valid client_kind'],
    ['a misspelt client_kind', { ...TOKEN, client_kind: 'Partner' }, 'The token has no valid client_kind'],
    ['no purpose', { ...TOKEN, purpose: undefined }, 'The token has no purpose'],
    ['a blank purpose', { ...TOKEN, purpose: '  ' }, 'The token has no purpose'],
    ['a purpose that is no string', { ...TOKEN, purpose: ['sales'] }, 'The token has no purpose'],
    ['an unknown purpose', { ...TOKEN, purpose: 'sales gossip' }, 'The token names an unknown purpose "gossip"'],
  ])('refuses a token with %s (401)', (_, payload, message) => {
    const error = refusal(payload);
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(error).not.toBeInstanceOf(PurposeNotAllowedError);
    expect(error.message).toBe(message);
  });

  it('refuses a purpose the token does not allow (403), even one the policy declares', () => {
    const error = refusal(TOKEN, 'audit');
    expect(error).toBeInstanceOf(PurposeNotAllowedError);
    expect(error).not.toBeInstanceOf(AuthenticationError);
    expect(error.message).toBe('This token may not be used for the purpose "audit"');
  });

  it('refuses an empty requested purpose rather than falling back to the default', () => {
    expect(refusal(TOKEN, '')).toBeInstanceOf(PurposeNotAllowedError);
  });
});
