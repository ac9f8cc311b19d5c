import { decodeJwt, decodeProtectedHeader } from 'jose';
import type { Policy } from '../../policy/policy';
import { mintDevelopmentToken } from './development-token';
import { TokenVerifier } from './token-verifier';

const IDENTITY = {
  secret: 'development-token-test-secret-0123456789',
  issuer: 'dev-issuer',
  audience: 'dev-audience',
  internalTokenSecret: 'unused',
};
const POLICY = {
  roles: {
    sales_rep: { description: '', scopes: ['customer:read', 'contact:read'], purposes: ['sales', 'marketing'], clientKind: 'first-party' },
    lone: { description: '', scopes: [], purposes: ['support'], clientKind: 'first-party' },
  },
} as unknown as Policy;
const DEV = { production: false };

describe('a development token request', () => {
  it('carries the role, its scopes and purposes, a client id made of the role name, and an eight-hour expiry', async () => {
    const before = Math.floor(Date.now() / 1000);
    const token = await mintDevelopmentToken({ role: 'sales_rep' }, IDENTITY, POLICY, DEV);
    const claims = decodeJwt(token);
    expect(claims).toEqual({
      scope: 'customer:read contact:read',
      purpose: 'sales marketing',
      client_id: 'sales-rep-app',
      client_kind: 'first-party',
      sub: 'sales_rep@example.com',
      iss: 'dev-issuer',
      aud: 'dev-audience',
      iat: expect.any(Number),
      exp: expect.any(Number),
    });
    expect(claims.iat).toBeGreaterThanOrEqual(before);
    expect(claims.exp! - claims.iat!).toBe(28_800);
    expect(decodeProtectedHeader(token)).toEqual({ alg: 'HS256', typ: 'JWT' });
    await expect(new TokenVerifier(IDENTITY).verify(token)).resolves.toMatchObject({ sub: 'sales_rep@example.com' });
  });

  it('serves the one purpose, subject, client and lifetime asked for', async () => {
    const claims = decodeJwt(
      await mintDevelopmentToken(
        { role: 'sales_rep', purpose: 'marketing', subject: 'ann@example.com', client: 'crm-ui', ttlSeconds: 60 },
        IDENTITY,
        POLICY,
        DEV,
      ),
    );
    expect(claims).toMatchObject({ purpose: 'marketing', sub: 'ann@example.com', client_id: 'crm-ui' });
    expect(claims.exp! - claims.iat!).toBe(60);
  });

  it('is refused for an unknown role, naming the roles there are', async () => {
    await expect(mintDevelopmentToken({ role: 'admin' }, IDENTITY, POLICY, DEV)).rejects.toThrow(
      'Unknown role "admin"; roles: sales_rep, lone',
    );
  });

  it('is refused for a purpose the role may not serve', async () => {
    await expect(mintDevelopmentToken({ role: 'sales_rep', purpose: 'support' }, IDENTITY, POLICY, DEV)).rejects.toThrow(
      'Role sales_rep may not serve "support"; its purposes: sales, marketing',
    );
  });

  it('is refused when the gateway verifies with a JWKS (no secret to sign with)', async () => {
    await expect(mintDevelopmentToken({ role: 'lone' }, { ...IDENTITY, secret: undefined }, POLICY, DEV)).rejects.toThrow(
      'Development tokens need JWT_SECRET (the gateway is set to a JWKS URL)',
    );
  });
});
