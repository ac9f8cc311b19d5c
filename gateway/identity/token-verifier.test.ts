import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, type JWK, type JWTPayload, SignJWT, UnsecuredJWT } from 'jose';
import { DELEGATION_ISSUER, GATEWAY_AUDIENCE, signDelegatedToken, signInternalToken } from '../../contracts/internal-token';
import { TokenVerifier } from './token-verifier';

const SECRET = 'token-verifier-test-secret-0123456789abcdef';
const CONFIG = { secret: SECRET, issuer: 'test-issuer', audience: 'test-audience' };
const NOW = () => Math.floor(Date.now() / 1000);

interface Signing {
  alg?: string;
  secret?: string;
  issuer?: string;
  audience?: string;
  exp?: number | null;
  sub?: string | null;
}

function hs(options: Signing = {}): Promise<string> {
  let jwt = new SignJWT({ purpose: 'sales' })
    .setProtectedHeader({ alg: options.alg ?? 'HS256' })
    .setIssuer(options.issuer ?? CONFIG.issuer)
    .setAudience(options.audience ?? CONFIG.audience)
    .setIssuedAt();
  if (options.sub !== null) jwt = jwt.setSubject(options.sub ?? 'clerk@example.com');
  if (options.exp !== null) jwt = jwt.setExpirationTime(options.exp ?? NOW() + 600);
  return jwt.sign(new TextEncoder().encode(options.secret ?? SECRET));
}

describe('TokenVerifier with an HS256 secret', () => {
  afterEach(() => jest.restoreAllMocks());

  it('verifies a well-signed token and gives its claims', async () => {
    const payload = await new TokenVerifier(CONFIG).verify(await hs());
    expect(payload).toMatchObject({ sub: 'clerk@example.com', purpose: 'sales', iss: 'test-issuer', aud: 'test-audience' });
  });

  it.each([
    ['signed with another secret', { secret: 'another-secret-of-the-same-length-0123456789' }],
    ['from another issuer', { issuer: 'someone-else' }],
    ['for another audience', { audience: 'another-service' }],
    ['expired more than the clock tolerance ago', { exp: NOW() - 31 - 5 }],
    ['without an expiry', { exp: null }],
    ['without a subject', { sub: null }],
    ['signed with HS384', { alg: 'HS384' }],
  ])('refuses a token %s', async (_, signing) => {
    await expect(new TokenVerifier(CONFIG).verify(await hs(signing))).rejects.toThrow();
  });

  it('accepts a token that expired within the clock tolerance of 30 seconds', async () => {
    await expect(new TokenVerifier(CONFIG).verify(await hs({ exp: NOW() - 20 }))).resolves.toMatchObject({ sub: 'clerk@example.com' });
  });

  it('refuses alg none', async () => {
    const unsigned = new UnsecuredJWT({ purpose: 'sales' })
      .setSubject('clerk@example.com')
      .setIssuer(CONFIG.issuer)
      .setAudience(CONFIG.audience)
      .setExpirationTime(NOW() + 600)
      .encode();
    await expect(new TokenVerifier(CONFIG).verify(unsigned)).rejects.toThrow();
  });

  it('refuses what is not a token', async () => {
    await expect(new TokenVerifier(CONFIG).verify('not.a.token')).rejects.toThrow();
  });

  it('keeps a verified token for a minute at most', async () => {
    const verifier = new TokenVerifier(CONFIG);
    const token = await hs({ exp: NOW() + 3600 });
    const start = Date.now();
    const first = await verifier.verify(token);
    const clock = jest.spyOn(Date, 'now').mockReturnValue(start + 59_000);
    expect(await verifier.verify(token)).toBe(first);
    clock.mockReturnValue(start + 61_000);
    const again = await verifier.verify(token);
    expect(again).not.toBe(first);
    expect(again).toEqual(first);
  });

  it('keeps a verified token no longer than it is valid', async () => {
    const verifier = new TokenVerifier(CONFIG);
    const exp = NOW() + 5;
    const token = await hs({ exp });
    const first = await verifier.verify(token);
    const clock = jest.spyOn(Date, 'now').mockReturnValue(exp * 1000 - 1000);
    expect(await verifier.verify(token)).toBe(first);
    clock.mockReturnValue(exp * 1000 + 1000);
    expect(await verifier.verify(token)).not.toBe(first);
  });

  it('gives a kept token up the millisecond after its expiry', async () => {
    const verifier = new TokenVerifier(CONFIG);
    const exp = NOW() + 5;
    const token = await hs({ exp });
    const first = await verifier.verify(token);
    const clock = jest.spyOn(Date, 'now').mockReturnValue(exp * 1000 - 1);
    expect(await verifier.verify(token)).toBe(first);
    clock.mockReturnValue(exp * 1000 + 1);
    expect(await verifier.verify(token)).not.toBe(first);
  });

  it('does not keep a token accepted within the clock tolerance after its expiry', async () => {
    const verifier = new TokenVerifier(CONFIG);
    const token = await hs({ exp: NOW() - 20 });
    const first = await verifier.verify(token);
    expect(await verifier.verify(token)).not.toBe(first);
  });

  it('does not keep a token verified at the millisecond it expires (no time left is not "forever")', async () => {
    const verifier = new TokenVerifier(CONFIG);
    const exp = NOW() + 5;
    const token = await hs({ exp });
    const clock = jest.spyOn(Date, 'now').mockReturnValue(exp * 1000);
    const first = await verifier.verify(token);
    clock.mockReturnValue(exp * 1000 + 3_600_000);
    expect(await verifier.verify(token).catch(() => 'refused')).not.toBe(first);
  });

  it('does not keep a token that failed', async () => {
    const verifier = new TokenVerifier(CONFIG);
    const token = await hs({ secret: 'another-secret-of-the-same-length-0123456789' });
    await expect(verifier.verify(token)).rejects.toThrow();
    await expect(verifier.verify(token)).rejects.toThrow();
  });
});

describe('TokenVerifier with a JWKS', () => {
  const ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'EdDSA'];
  let server: Server;
  let jwksUrl: string;
  let fetches = 0;
  const privateKeys = new Map<string, CryptoKey>();

  beforeAll(async () => {
    const keys: JWK[] = [];
    for (const alg of ALGORITHMS) {
      const pair = await generateKeyPair(alg);
      privateKeys.set(alg, pair.privateKey as CryptoKey);
      keys.push({ ...(await exportJWK(pair.publicKey)), kid: alg, alg, use: 'sig' });
    }
    server = createServer((_, res) => {
      fetches++;
      res.setHeader('content-type', 'application/json').end(JSON.stringify({ keys }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    jwksUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/jwks.json`;
  }, 30_000);
  afterAll(() => new Promise((resolve) => server.close(resolve)));

  const signed = (alg: string, claims: JWTPayload = {}) =>
    new SignJWT(claims)
      .setProtectedHeader({ alg, kid: alg })
      .setSubject('partner@example.com')
      .setIssuer(CONFIG.issuer)
      .setAudience(CONFIG.audience)
      .setExpirationTime(NOW() + 600)
      .sign(privateKeys.get(alg)!);

  it.each(ALGORITHMS)('verifies a token signed with a %s key of the set', async (alg) => {
    const verifier = new TokenVerifier({ jwksUrl, issuer: CONFIG.issuer, audience: CONFIG.audience });
    await expect(verifier.verify(await signed(alg, { purpose: 'sales' }))).resolves.toMatchObject({
      sub: 'partner@example.com',
      purpose: 'sales',
    });
  });

  it('fetches the key set once for many tokens', async () => {
    const verifier = new TokenVerifier({ jwksUrl, issuer: CONFIG.issuer, audience: CONFIG.audience });
    const before = fetches;
    await verifier.verify(await signed('RS256', { n: 1 }));
    await verifier.verify(await signed('ES256', { n: 2 }));
    await verifier.verify(await signed('EdDSA', { n: 3 }));
    expect(fetches - before).toBe(1);
  });

  it('refuses an HS256 token, whatever it was signed with', async () => {
    const verifier = new TokenVerifier({ jwksUrl, secret: SECRET, issuer: CONFIG.issuer, audience: CONFIG.audience });
    await expect(verifier.verify(await hs())).rejects.toThrow();
  });
});

describe('TokenVerifier with the internal token key: the privacy subgraph reading as the officer who asked', () => {
  const internalKey = new TextEncoder().encode('internal-token-test-secret-0123456789abcdef');
  const officer = {
    subject: 'dpo@example.com',
    clientId: 'dpo-app',
    clientKind: 'first-party' as const,
    purpose: 'data_protection',
    scopes: ['audit:read'],
  };

  it('takes a delegated token signed with the internal key, as the caller inside it', async () => {
    const payload = await new TokenVerifier(CONFIG, internalKey).verify(await signDelegatedToken(officer, internalKey));
    expect(payload).toMatchObject({
      sub: 'dpo@example.com',
      client_id: 'dpo-app',
      purpose: 'data_protection',
      scope: 'audit:read',
      aud: 'gateway',
    });
  });

  it('refuses a delegated token signed with another key, or without the internal key configured', async () => {
    const forged = await signDelegatedToken(officer, new TextEncoder().encode('another-secret-of-the-same-length-0123456789ab'));
    await expect(new TokenVerifier(CONFIG, internalKey).verify(forged)).rejects.toThrow();
    await expect(new TokenVerifier(CONFIG).verify(await signDelegatedToken(officer, internalKey))).rejects.toThrow();
  });

  it("refuses the gateway's own token for a subgraph: it is not for the gateway", async () => {
    await expect(new TokenVerifier(CONFIG, internalKey).verify(await signInternalToken(officer, 'privacy', internalKey))).rejects.toThrow();
  });

  /** A token in the delegated form, with some claim changed. */
  function delegated(claims: Record<string, unknown>, options: { audience?: string | string[]; iat?: number; exp?: number } = {}) {
    const now = NOW();
    return new SignJWT({ scope: 'audit:read', purpose: 'data_protection', client_id: 'dpo-app', client_kind: 'first-party', ...claims })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('dpo@example.com')
      .setIssuer(DELEGATION_ISSUER)
      .setAudience(options.audience ?? GATEWAY_AUDIENCE)
      .setIssuedAt(options.iat ?? now)
      .setExpirationTime(options.exp ?? now + 60)
      .sign(internalKey);
  }

  it('takes the delegated form itself (the refusals below are not vacuous)', async () => {
    await expect(new TokenVerifier(CONFIG, internalKey).verify(await delegated({}))).resolves.toMatchObject({ sub: 'dpo@example.com' });
  });

  it.each<[string, Record<string, unknown>, { audience?: string | string[]; iat?: number; exp?: number }]>([
    ['for the gateway and a subgraph at once', {}, { audience: ['crm', GATEWAY_AUDIENCE] }],
    ['for a subgraph', {}, { audience: 'crm' }],
    ['issued more than a minute ago', {}, { iat: NOW() - 120, exp: NOW() + 600 }],
    ['serving another purpose', { purpose: 'marketing' }, {}],
    ['for a partner', { client_kind: 'partner' }, {}],
  ])('refuses a delegated token %s', async (_label, claims, options) => {
    await expect(new TokenVerifier(CONFIG, internalKey).verify(await delegated(claims, options))).rejects.toThrow();
  });

  it('signs delegated tokens only for a first-party caller serving data_protection', async () => {
    await expect(signDelegatedToken({ ...officer, purpose: 'marketing' }, internalKey)).rejects.toThrow();
    await expect(signDelegatedToken({ ...officer, clientKind: 'partner' }, internalKey)).rejects.toThrow();
  });

  it("refuses a token that names the delegation issuer but is signed with the callers' secret", async () => {
    await expect(
      new TokenVerifier(CONFIG, internalKey).verify(await hs({ issuer: DELEGATION_ISSUER, audience: GATEWAY_AUDIENCE })),
    ).rejects.toThrow();
  });
});
