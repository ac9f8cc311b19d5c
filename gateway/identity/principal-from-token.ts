import type { JWTPayload } from 'jose';
import type { Policy } from '../../policy/policy';
import type { Principal } from '../../contracts/principal';

/** A request that cannot be attributed to a verified caller: HTTP 401. */
export class AuthenticationError extends Error {}

/** A verified caller asking for a purpose its token does not allow: HTTP 403; `principal` says who, serving the purpose asked for. */
export class PurposeNotAllowedError extends Error {
  constructor(
    message: string,
    readonly principal: Principal,
  ) {
    super(message);
  }
}

/**
 * The caller behind a verified token. `purpose` in the token lists the purposes it
 * may serve (space separated, the first is the default); an `x-purpose` header picks
 * another of them for this request.
 */
export function principalFromToken(
  payload: JWTPayload,
  requestedPurpose: string | undefined,
  policy: Policy,
): { principal: Principal; allowedPurposes: string[] } {
  if (typeof payload.sub !== 'string' || payload.sub === '') throw new AuthenticationError('The token has no subject');
  if (typeof payload.client_id !== 'string' || payload.client_id === '') throw new AuthenticationError('The token has no client_id');
  // A missing or misspelt kind must not turn a partner into a first-party client.
  if (payload.client_kind !== 'partner' && payload.client_kind !== 'first-party')
    throw new AuthenticationError('The token has no valid client_kind');
  const allowed = typeof payload.purpose === 'string' ? payload.purpose.split(' ').filter(Boolean) : [];
  if (allowed.length === 0) throw new AuthenticationError('The token has no purpose');
  const unknown = allowed.find((purpose) => !Object.hasOwn(policy.purposes, purpose));
  if (unknown) throw new AuthenticationError(`The token names an unknown purpose "${unknown}"`);
  const purpose = requestedPurpose ?? allowed[0];
  const principal: Principal = {
    subject: payload.sub,
    scopes: typeof payload.scope === 'string' ? payload.scope.split(' ').filter(Boolean) : [],
    purpose,
    clientId: payload.client_id,
    clientKind: payload.client_kind,
  };
  // The header is the caller's text: named back only when it is a purpose's name at all.
  if (!allowed.includes(purpose))
    throw new PurposeNotAllowedError(
      `This token may not be used for the purpose ${Object.hasOwn(policy.purposes, purpose) ? `"${purpose}"` : 'asked for'}`,
      principal,
    );
  return { principal, allowedPurposes: allowed };
}
