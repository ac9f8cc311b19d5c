import type { EnvReader } from '../../platform/env-reader';
import { readInternalTokenSecret, readProduction, readSecret } from '../../platform/service-defaults';

/** Used only when neither JWT_SECRET nor JWT_JWKS_URL is set outside production. */
export const DEV_JWT_SECRET = 'development-only-jwt-secret-do-not-use-in-production';

export interface IdentityConfig {
  /** HS256 shared secret (development), or … */
  secret?: string;
  /** … the identity provider's JWKS (production; keys rotate and are cached). */
  jwksUrl?: string;
  issuer: string;
  audience: string;
  internalTokenSecret: string;
}

/** JWT_SECRET or JWT_JWKS_URL, JWT_ISSUER, JWT_AUDIENCE, INTERNAL_TOKEN_SECRET. */
export function readIdentityConfig(env: EnvReader): IdentityConfig {
  const production = readProduction(env);
  const jwksUrl = env.optionalUrl('JWT_JWKS_URL', production ? ['https:'] : ['https:', 'http:']);
  const secretGiven = env.string('JWT_SECRET', '') !== '';
  if (jwksUrl && secretGiven) env.reject('Set JWT_SECRET or JWT_JWKS_URL, not both');
  return {
    jwksUrl,
    secret: jwksUrl ? undefined : readSecret(env, 'JWT_SECRET', DEV_JWT_SECRET, production),
    issuer: env.string('JWT_ISSUER', 'customer-graph-dev'),
    audience: env.string('JWT_AUDIENCE', 'customer-graph'),
    internalTokenSecret: readInternalTokenSecret(env),
  };
}
