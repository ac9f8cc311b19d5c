import { SignJWT } from 'jose';
import type { Policy } from '../../policy/policy';
import type { IdentityConfig } from './identity-config';

/** What `npm run token` asks for (exported for the tests that mint tokens the way the command does). */
export interface TokenRequest {
  role: string;
  /** One of the role's purposes; by default all of them, the first being the default. */
  purpose?: string;
  client?: string;
  ttlSeconds?: number;
  subject?: string;
}

/** Whether this runs in production (`readProduction`): there, nothing mints tokens. */
interface TokenEnvironment {
  production: boolean;
}

/** Refused in production: tokens come from the identity provider, never from this code. */
export class DevelopmentTokensRefused extends Error {
  constructor() {
    super('NODE_ENV is production: tokens come from the identity provider; development tokens are never minted in production');
  }
}

/** Mints a token for a role of the policy, signed with the HS256 development secret; never in production. */
export async function mintDevelopmentToken(
  request: TokenRequest,
  identity: IdentityConfig,
  policy: Policy,
  environment: TokenEnvironment,
): Promise<string> {
  if (environment.production) throw new DevelopmentTokensRefused();
  const role = policy.roles[request.role];
  if (!role) throw new Error(`Unknown role "${request.role}"; roles: ${Object.keys(policy.roles).join(', ')}`);
  if (!identity.secret) throw new Error('Development tokens need JWT_SECRET (the gateway is set to a JWKS URL)');
  if (request.purpose && !role.purposes.includes(request.purpose)) {
    throw new Error(`Role ${request.role} may not serve "${request.purpose}"; its purposes: ${role.purposes.join(', ')}`);
  }
  return new SignJWT({
    scope: role.scopes.join(' '),
    purpose: request.purpose ?? role.purposes.join(' '),
    client_id: request.client ?? role.client ?? `${request.role.replace(/_/g, '-')}-app`,
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
