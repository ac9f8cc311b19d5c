import { createRemoteJWKSet, decodeJwt, type JWTPayload, jwtVerify, type JWTVerifyGetKey } from 'jose';
import { DELEGATION_ISSUER, verifyDelegatedToken } from '../../contracts/internal-token';
import { LRUCache } from 'lru-cache';
import type { IdentityConfig } from './identity-config';

/** Asymmetric algorithms only with a JWKS: an HS256 token "signed" with a public key is refused. */
const JWKS_ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'EdDSA'];
const VERIFIED_CACHE_SIZE = 10_000;
/** A little clock skew between the identity provider and us is normal. */
const CLOCK_TOLERANCE_SECONDS = 30;

/**
 * Verifies callers' JWTs: signature (HS256 secret, or keys from a cached JWKS that
 * follows rotation), expiry, issuer and audience. `alg: none` never verifies. With the internal
 * token key, it also takes the privacy subgraph's delegated tokens (a data-subject export reading
 * as the officer who asked): a service holding that key can already call every subgraph as anyone,
 * and through the gateway it only gains the gateway's checks and audit.
 */
export class TokenVerifier {
  private readonly key: Uint8Array | JWTVerifyGetKey;
  private readonly algorithms: string[];
  /**
   * Verified tokens, until they expire (at most a minute): a client sends the same token many times.
   * Deadlines are wall-clock times (`exp`), so the clock is Date.now, read at every look-up.
   */
  private readonly verified = new LRUCache<string, JWTPayload>({ max: VERIFIED_CACHE_SIZE, perf: Date, ttlResolution: 0 });

  constructor(
    private readonly config: Pick<IdentityConfig, 'secret' | 'jwksUrl' | 'issuer' | 'audience'>,
    private readonly delegationKey?: Uint8Array,
  ) {
    if (config.jwksUrl) {
      this.key = createRemoteJWKSet(new URL(config.jwksUrl), { cacheMaxAge: 10 * 60_000, cooldownDuration: 30_000 });
      this.algorithms = JWKS_ALGORITHMS;
    } else {
      this.key = new TextEncoder().encode(config.secret);
      this.algorithms = ['HS256'];
    }
  }

  async verify(token: string): Promise<JWTPayload> {
    const cached = this.verified.get(token);
    if (cached) return cached;
    const payload = await this.verifyNow(token);
    const now = Date.now();
    const ttl = Math.min(60_000, (payload.exp ?? 0) * 1000 - now);
    // A ttl of 0 would mean "forever": a token within the clock tolerance of its expiry is not kept.
    if (ttl > 0) this.verified.set(token, payload, { ttl, start: now });
    return payload;
  }

  private async verifyNow(token: string): Promise<JWTPayload> {
    if (this.delegationKey && isDelegated(token)) return verifyDelegatedToken(token, this.delegationKey);
    // A token without an expiry would be valid forever.
    const options = {
      issuer: this.config.issuer,
      audience: this.config.audience,
      algorithms: this.algorithms,
      clockTolerance: CLOCK_TOLERANCE_SECONDS,
      requiredClaims: ['exp', 'sub'],
    };
    const { payload } =
      typeof this.key === 'function' ? await jwtVerify(token, this.key, options) : await jwtVerify(token, this.key, options);
    return payload;
  }
}

/** Says it comes from the privacy subgraph (verified next, like any claim). */
function isDelegated(token: string): boolean {
  try {
    return decodeJwt(token).iss === DELEGATION_ISSUER;
  } catch {
    return false;
  }
}
