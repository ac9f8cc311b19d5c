import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, exportSPKI, generateKeyPair, type KeyLike, SignJWT } from 'jose';
import { signInternalToken, internalTokenKey } from '../contracts/internal-token';
import type { Stack } from '../scripts/start-stack';
import { createTestSystems, type TestSystems } from './support/backends';
import { postGraphQL, startTestStack, TEST_IDENTITY, TEST_INTERNAL_SECRET, type TestStack, tokenFor } from './support/test-stack';

const QUERY = '{ customers(first: 1) { nodes { id name } } }';
const secret = new TextEncoder().encode(TEST_IDENTITY.secret);

function claims(overrides: Record<string, unknown> = {}) {
  return { scope: 'customer:read', purpose: 'customer_service', client_id: 'test-app', client_kind: 'first-party', ...overrides };
}

function signed(
  key: KeyLike | Uint8Array,
  alg: string,
  {
    issuer = TEST_IDENTITY.issuer,
    audience = TEST_IDENTITY.audience,
    expires = '5m',
    kid,
    extra = {},
  }: { issuer?: string; audience?: string; expires?: string | number; kid?: string; extra?: Record<string, unknown> } = {},
) {
  return new SignJWT(claims(extra))
    .setProtectedHeader({ alg, kid })
    .setSubject('someone')
    .setIssuer(issuer)
    .setAudience(audience)
    .setIssuedAt()
    .setExpirationTime(expires)
    .sign(key);
}

function unsignedToken(): string {
  const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const now = Math.floor(Date.now() / 1000);
  return (
    `${part({ alg: 'none', typ: 'JWT' })}.` +
    `${part({ ...claims(), sub: 'x', iss: TEST_IDENTITY.issuer, aud: TEST_IDENTITY.audience, exp: now + 300 })}.`
  );
}

describe('identity', () => {
  let systems: TestSystems;

  beforeAll(async () => {
    systems = await createTestSystems('sqlite', 20);
  });

  afterAll(async () => systems?.drop());

  describe('with an HS256 secret (development)', () => {
    let stack: TestStack;
    let rsaKey: KeyLike;

    beforeAll(async () => {
      stack = await startTestStack(systems);
      rsaKey = (await generateKeyPair('RS256')).privateKey;
    });

    afterAll(async () => stack?.stop());

    const cases: Array<[string, () => Promise<string | undefined>]> = [
      ['no token', async () => undefined],
      ['a garbage token', async () => 'not.a.token'],
      ['an expired token', () => signed(secret, 'HS256', { expires: Math.floor(Date.now() / 1000) - 120 })],
      ['a wrong issuer', () => signed(secret, 'HS256', { issuer: 'someone-else' })],
      ['a wrong audience', () => signed(secret, 'HS256', { audience: 'another-api' })],
      ['alg: none', async () => unsignedToken()],
      ['a forged signature', () => signed(new TextEncoder().encode('another-secret-another-secret-another'), 'HS256')],
      ['an RS256 token where HS256 is expected', () => signed(rsaKey, 'RS256')],
      [
        'a token without an expiry',
        () =>
          new SignJWT(claims())
            .setProtectedHeader({ alg: 'HS256' })
            .setSubject('x')
            .setIssuer(TEST_IDENTITY.issuer)
            .setAudience(TEST_IDENTITY.audience)
            .sign(secret),
      ],
      ['a token without client_kind (it could be a partner)', () => signed(secret, 'HS256', { extra: { client_kind: undefined } })],
      [
        'an internal gateway token',
        () =>
          signInternalToken(
            { subject: 'x', scopes: ['customer:read'], purpose: 'customer_service', clientId: 'x', clientKind: 'first-party' },
            'crm',
            internalTokenKey(TEST_INTERNAL_SECRET),
          ),
      ],
    ];

    it.each(cases)('refuses %s with 401 UNAUTHENTICATED, executing nothing and revealing no schema', async (_name, makeToken) => {
      const token = await makeToken();
      const before = stack.recorded.crm.graphqlRequests;
      const response = await fetch(stack.gateway.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(token === undefined ? {} : { authorization: `Bearer ${token}` }) },
        body: JSON.stringify({ query: '{ __schema { types { name } } customers { nodes { emial } } }' }),
      });
      expect(response.status).toBe(401);
      const text = await response.text();
      expect(JSON.parse(text)).toEqual({ errors: [{ message: expect.any(String), extensions: { code: 'UNAUTHENTICATED' } }] });
      expect(text).not.toMatch(/Customer|Did you mean|__schema/);
      expect(stack.recorded.crm.graphqlRequests).toBe(before);
    });

    it('accepts a valid token and serves its default purpose, or another purpose it allows', async () => {
      const token = await signed(secret, 'HS256', { extra: { purpose: 'customer_service sales', scope: 'customer:read profiling:read' } });
      const byDefault = await postGraphQL(stack.gateway.url, '{ customers(first: 1) { nodes { name segment } } }', {}, token);
      expect(byDefault.body.errors?.map((e) => e.extensions?.code)).toEqual(['FORBIDDEN']); // profiling is not for customer service
      const forSales = await postGraphQL(stack.gateway.url, '{ customers(first: 1) { nodes { name segment } } }', {}, token, {
        'x-purpose': 'sales',
      });
      expect(forSales.status).toBe(200);
      expect(forSales.body.errors?.map((e) => e.extensions?.code) ?? []).not.toContain('FORBIDDEN');
    });

    it('refuses a purpose the token does not allow with 403', async () => {
      const response = await postGraphQL(stack.gateway.url, QUERY, {}, await tokenFor('support_agent'), { 'x-purpose': 'marketing' });
      expect(response.status).toBe(403);
      expect(response.body.errors?.[0]?.extensions?.code).toBe('PURPOSE_NOT_ALLOWED');
    });

    it('has every subgraph refuse a call that does not carry a gateway token for it (401)', async () => {
      const internal = (audience: string) =>
        signInternalToken(
          { subject: 'x', scopes: ['customer:read'], purpose: 'customer_service', clientId: 'x', clientKind: 'first-party' },
          audience,
          internalTokenKey(TEST_INTERNAL_SECRET),
        );
      for (const subgraph of [stack.crm, stack.archive, stack.analytics, stack.privacy]) {
        const body = JSON.stringify({ query: '{ __typename }' });
        const post = (authorization?: string) =>
          fetch(subgraph.url, {
            method: 'POST',
            headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) },
            body,
          });
        expect((await post()).status).toBe(401);
        expect((await post(`Bearer ${await tokenFor('dpo')}`)).status).toBe(401);
        const otherAudience = subgraph === stack.crm ? 'analytics' : 'crm';
        expect((await post(`Bearer ${await internal(otherAudience)}`)).status).toBe(401);
        const own = subgraph.name;
        const ok = await post(`Bearer ${await internal(own)}`);
        expect(ok.status).toBe(200);
      }
    });
  });

  describe('with a JWKS URL (production)', () => {
    let stack: Stack;
    let jwks: http.Server;
    let keys: Array<{ privateKey: KeyLike; publicKey: KeyLike; kid: string }>;

    beforeAll(async () => {
      keys = await Promise.all(['key-2026-10', 'key-2026-11'].map(async (kid) => ({ ...(await generateKeyPair('RS256')), kid })));
      const published = {
        keys: await Promise.all(
          keys.map(async ({ publicKey, kid }) => ({ ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' })),
        ),
      };
      jwks = http.createServer((_req, res) => res.setHeader('content-type', 'application/json').end(JSON.stringify(published)));
      await new Promise<void>((resolve) => jwks.listen(0, '127.0.0.1', resolve));
      const jwksUrl = `http://127.0.0.1:${(jwks.address() as AddressInfo).port}/.well-known/jwks.json`;
      stack = await startTestStack(systems, { identity: { ...TEST_IDENTITY, secret: undefined, jwksUrl } });
    });

    afterAll(async () => {
      await stack?.stop();
      jwks?.close();
    });

    const post = (token: string) =>
      fetch(stack.gateway.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ query: QUERY }),
      });

    it('accepts tokens signed with any key the identity provider publishes (key rotation)', async () => {
      for (const { privateKey, kid } of keys) expect((await post(await signed(privateKey, 'RS256', { kid }))).status).toBe(200);
    });

    it('refuses an HS256 token signed with the public key (algorithm confusion) and a key it does not publish', async () => {
      const publicPem = await exportSPKI(keys[0].publicKey);
      expect((await post(await signed(new TextEncoder().encode(publicPem), 'HS256', { kid: keys[0].kid }))).status).toBe(401);
      const stranger = await generateKeyPair('RS256');
      expect((await post(await signed(stranger.privateKey, 'RS256', { kid: keys[0].kid }))).status).toBe(401);
      expect((await post(await signed(secret, 'HS256'))).status).toBe(401);
    });
  });
});
