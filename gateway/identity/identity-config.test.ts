import { EnvReader } from '../../platform/env-reader';
import { DEV_JWT_SECRET, readIdentityConfig } from './identity-config';

const LONG_SECRET = 'a-jwt-secret-of-at-least-32-characters!';
const INTERNAL = 'an-internal-secret-of-at-least-32-chars';

/** The config and the problems the reader collected. */
function read(env: Record<string, string>) {
  const reader = new EnvReader(env);
  const config = readIdentityConfig(reader);
  let problems: string[] = [];
  try {
    reader.assertValid();
  } catch (error) {
    problems = (error as { problems: string[] }).problems;
  }
  return { config, problems };
}

describe('readIdentityConfig', () => {
  it('uses the development secret, issuer and audience when nothing is set outside production', () => {
    expect(read({})).toEqual({
      config: {
        jwksUrl: undefined,
        secret: DEV_JWT_SECRET,
        issuer: 'customer-graph-dev',
        audience: 'customer-graph',
        internalTokenSecret: 'development-only-internal-token-secret-change-me',
      },
      problems: [],
    });
    expect(DEV_JWT_SECRET).toBe('development-only-jwt-secret-do-not-use-in-production');
  });

  it('reads the secret, issuer, audience and internal secret it is given', () => {
    expect(read({ JWT_SECRET: LONG_SECRET, JWT_ISSUER: 'idp', JWT_AUDIENCE: 'graph', INTERNAL_TOKEN_SECRET: INTERNAL })).toEqual({
      config: { jwksUrl: undefined, secret: LONG_SECRET, issuer: 'idp', audience: 'graph', internalTokenSecret: INTERNAL },
      problems: [],
    });
  });

  it('uses a JWKS URL instead of a secret, http allowed outside production', () => {
    expect(read({ JWT_JWKS_URL: 'http://idp.local/jwks.json' }).config).toMatchObject({
      jwksUrl: 'http://idp.local/jwks.json',
      secret: undefined,
    });
  });

  it('needs https for the JWKS in production', () => {
    const { config, problems } = read({
      NODE_ENV: 'production',
      JWT_JWKS_URL: 'http://idp.local/jwks.json',
      INTERNAL_TOKEN_SECRET: INTERNAL,
    });
    expect(problems).toEqual(['JWT_JWKS_URL must use https: (got "http:")', 'JWT_SECRET must be set in production']);
    expect(config.jwksUrl).toBeUndefined();
    expect(read({ NODE_ENV: 'production', JWT_JWKS_URL: 'https://idp.example/jwks.json', INTERNAL_TOKEN_SECRET: INTERNAL })).toEqual({
      config: {
        jwksUrl: 'https://idp.example/jwks.json',
        secret: undefined,
        issuer: 'customer-graph-dev',
        audience: 'customer-graph',
        internalTokenSecret: INTERNAL,
      },
      problems: [],
    });
  });

  it('refuses both a secret and a JWKS URL', () => {
    expect(read({ JWT_SECRET: LONG_SECRET, JWT_JWKS_URL: 'https://idp.example/jwks.json' }).problems).toEqual([
      'Set JWT_SECRET or JWT_JWKS_URL, not both',
    ]);
  });

  it('treats an empty JWT_SECRET as none', () => {
    expect(read({ JWT_SECRET: '', JWT_JWKS_URL: 'https://idp.example/jwks.json' }).problems).toEqual([]);
  });

  it('needs a secret set in production, and refuses a short one', () => {
    expect(read({ NODE_ENV: 'production', INTERNAL_TOKEN_SECRET: INTERNAL }).problems).toEqual(['JWT_SECRET must be set in production']);
    expect(read({ JWT_SECRET: 'short' }).problems).toEqual(['JWT_SECRET must be at least 32 characters']);
  });
});
