import { parseArgs } from 'node:util';
import { DevelopmentTokensRefused, mintDevelopmentToken } from '../gateway/identity/development-token';
import { readIdentityConfig } from '../gateway/identity/identity-config';
import { EnvReader } from '../platform/env-reader';
import { readProduction } from '../platform/service-defaults';
import { loadPolicy } from '../policy/policy';

const USAGE = 'Usage: npm run -s token -- --role <role> [--purpose <purpose>] [--client <client id>] [--ttl <seconds>]';

/** `npm run -s token -- --role support_agent`: prints a development token for a role of the policy. */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      role: { type: 'string' },
      purpose: { type: 'string' },
      client: { type: 'string' },
      ttl: { type: 'string' },
      subject: { type: 'string' },
    },
  });
  const env = new EnvReader();
  // Before anything else: in production no secret is read and no token is minted.
  const production = readProduction(env);
  env.assertValid();
  if (production) throw new DevelopmentTokensRefused();
  const policy = loadPolicy();
  if (!values.role) throw new Error(`${USAGE}\nRoles: ${Object.keys(policy.roles).join(', ')}`);
  if (values.ttl !== undefined && !/^\d+$/.test(values.ttl)) throw new Error('--ttl must be a number of seconds');
  const identity = readIdentityConfig(env);
  env.assertValid();
  const token = await mintDevelopmentToken(
    {
      role: values.role,
      purpose: values.purpose,
      client: values.client,
      ttlSeconds: values.ttl ? Number(values.ttl) : undefined,
      subject: values.subject,
    },
    identity,
    policy,
    { production },
  );
  console.log(token);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(2);
});
