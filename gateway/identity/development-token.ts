import { SignJWT } from 'jose';
import type { Policy } from '../../policy/policy';
import type { IdentityConfig } from './identity-config';

export interface TokenRequest {
  role: string;
  /** One of the role's purposes; by default all of them, the first being the default. */
  purpose?: string;
  client?: string;
  ttlSeconds?: number;
  subject?: string;
}

/** Mints a token for a role of the policy, signed with the HS256 development secret. */
export async function mintDevelopmentToken(request: TokenRequest, identity: IdentityConfig, policy: Policy): Promise<string> {
  const role = policy.roles[request.role];
  if (!role) throw new Error(`Unknown role "${request.role}"; roles: ${Object.keys(policy.roles).join(', ')}`);
  if (!identity.secret) throw new Error('Development tokens need JWT_SECRET (the gateway is set to a JWKS URL)');
  if (request.purpose && !role.purposes.includes(request.purpose)) {
    throw new Error(`Role ${request.role} may not serve "${request.purpose}"; its purposes: ${role.purposes.join(', ')}`);
  }
  return new SignJWT({
    scope: role.scopes.join(' '),
    purpose: request.purpose ?? role.purposes.join(' '),
    client_id: request.client ?? `${request.role.replace(/_/g, '-')}-app`,
    client_kind: role.clientKind,
  })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(request.subject ?? `${request.role}@example.com`)
    .setIssuer(identity.issuer)
    .setAudience(identity.audience)
    .setIssuedAt()
    .setExpirationTime(`${request.ttlSeconds ?? 8 * 3600}s`)
    .sign(new TextEncoder().encode(identity.secret));
}
