import { jwtVerify, SignJWT } from 'jose';
import type { Principal } from './principal';

/**
 * The gateway → subgraph token: short-lived, HS256 with a secret only the gateway
 * and the subgraphs share, audience = the subgraph it is for, carrying the caller.
 */
const ISSUER = 'customer-graph-gateway';
export const INTERNAL_TOKEN_TTL_SECONDS = 60;

/** Used only when INTERNAL_TOKEN_SECRET is not set outside production. */
export const DEV_INTERNAL_TOKEN_SECRET = 'development-only-internal-token-secret-change-me';

export function internalTokenKey(secret: string): Uint8Array {
  return new TextEncoder().encode(secret);
}

export async function signInternalToken(
  principal: Principal,
  audience: string,
  key: Uint8Array,
  ttlSeconds = INTERNAL_TOKEN_TTL_SECONDS,
): Promise<string> {
  return new SignJWT({
    scope: principal.scopes.join(' '),
    purpose: principal.purpose,
    client_id: principal.clientId,
    client_kind: principal.clientKind,
  })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(principal.subject)
    .setIssuer(ISSUER)
    .setAudience(audience)
    .setIssuedAt()
    .setExpirationTime(`${ttlSeconds}s`)
    .sign(key);
}

/** Throws unless the token was signed by the gateway for this subgraph and is still valid. */
export async function verifyInternalToken(
  token: string,
  audience: string,
  key: Uint8Array,
): Promise<{ principal: Principal; expiresAt: number }> {
  const { payload } = await jwtVerify(token, key, {
    issuer: ISSUER,
    audience,
    algorithms: ['HS256'],
    clockTolerance: 5,
    requiredClaims: ['exp'],
  });
  const principal: Principal = {
    subject: String(payload.sub),
    scopes: typeof payload.scope === 'string' && payload.scope ? payload.scope.split(' ') : [],
    purpose: String(payload.purpose),
    clientId: typeof payload.client_id === 'string' ? payload.client_id : 'unknown',
    clientKind: payload.client_kind === 'partner' ? 'partner' : 'first-party',
  };
  return { principal, expiresAt: payload.exp! };
}
