import { type JWTPayload, jwtVerify, SignJWT } from 'jose';
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

/**
 * The privacy subgraph → gateway token: a subgraph answering a data-subject access request reads
 * the graph through the gateway as the data-protection officer who asked, so every read is checked
 * and audited like theirs. Same secret, its own issuer, audience `gateway`.
 */
export const DELEGATION_ISSUER = 'customer-graph-privacy';
export const GATEWAY_AUDIENCE = 'gateway';

export function signInternalToken(
  principal: Principal,
  audience: string,
  key: Uint8Array,
  ttlSeconds = INTERNAL_TOKEN_TTL_SECONDS,
): Promise<string> {
  return signToken(principal, ISSUER, audience, key, ttlSeconds);
}

/** The only purpose a delegated token may serve: answering a data subject's access request. */
const DELEGATED_PURPOSE = 'data_protection';

/** A token the gateway accepts as the caller `principal`, for one export's reads. */
export async function signDelegatedToken(principal: Principal, key: Uint8Array): Promise<string> {
  if (principal.purpose !== DELEGATED_PURPOSE || principal.clientKind !== 'first-party')
    throw new Error('Only a first-party caller serving data_protection reads through the gateway on its own behalf');
  return signToken(principal, DELEGATION_ISSUER, GATEWAY_AUDIENCE, key, INTERNAL_TOKEN_TTL_SECONDS);
}

/**
 * The claims of a delegated token, when it was signed with `key` for the gateway alone, at most a
 * minute ago, for a first-party caller serving data_protection; throws otherwise.
 */
export async function verifyDelegatedToken(token: string, key: Uint8Array): Promise<JWTPayload> {
  const { payload } = await jwtVerify(token, key, {
    issuer: DELEGATION_ISSUER,
    audience: GATEWAY_AUDIENCE,
    algorithms: ['HS256'],
    clockTolerance: 5,
    maxTokenAge: INTERNAL_TOKEN_TTL_SECONDS + 5,
    requiredClaims: ['exp', 'iat', 'sub'],
  });
  if (payload.aud !== GATEWAY_AUDIENCE) throw new Error('A delegated token is for the gateway alone');
  if (payload.purpose !== DELEGATED_PURPOSE || payload.client_kind !== 'first-party')
    throw new Error('A delegated token serves data_protection for a first-party caller only');
  return payload;
}

function signToken(principal: Principal, issuer: string, audience: string, key: Uint8Array, ttlSeconds: number): Promise<string> {
  return new SignJWT({
    scope: principal.scopes.join(' '),
    purpose: principal.purpose,
    client_id: principal.clientId,
    client_kind: principal.clientKind,
  })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(principal.subject)
    .setIssuer(issuer)
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
