import { decodeJwt } from 'jose';
import { loadPolicy } from '../../policy/policy';
import { DevelopmentTokensRefused, mintDevelopmentToken } from './development-token';
import type { IdentityConfig } from './identity-config';

const identity: IdentityConfig = {
  secret: 'test-jwt-secret-0123456789abcdef-0123456789',
  issuer: 'customer-graph-test',
  audience: 'customer-graph',
  internalTokenSecret: 'unused',
};

describe('development tokens', () => {
  it('are minted outside production', async () => {
    const token = await mintDevelopmentToken({ role: 'dpo' }, identity, loadPolicy(), { production: false });
    expect(decodeJwt(token)).toMatchObject({
      sub: 'dpo@example.com',
      purpose: 'data_protection',
      client_id: 'dpo-app',
      iss: 'customer-graph-test',
    });
  });

  it("carry a partner role's own client id unless told another", async () => {
    const acme = await mintDevelopmentToken({ role: 'acme_delivery' }, identity, loadPolicy(), { production: false });
    expect(decodeJwt(acme)).toMatchObject({
      client_id: 'acme-delivery',
      client_kind: 'partner',
      scope: 'customer:read contact:read contact:unmasked',
      purpose: 'order_delivery',
    });
    const other = await mintDevelopmentToken({ role: 'credit_shield', client: 'someone-else' }, identity, loadPolicy(), {
      production: false,
    });
    expect(decodeJwt(other)).toMatchObject({
      client_id: 'someone-else',
      client_kind: 'partner',
      scope: 'customer:read risk:read',
      purpose: 'credit_insurance',
    });
  });

  it('are never minted in production, for any role, whatever the secret', async () => {
    for (const role of ['dpo', 'support_agent', 'no-such-role']) {
      await expect(mintDevelopmentToken({ role }, identity, loadPolicy(), { production: true })).rejects.toThrow(DevelopmentTokensRefused);
    }
    await expect(mintDevelopmentToken({ role: 'dpo' }, identity, loadPolicy(), { production: true })).rejects.toThrow(
      'NODE_ENV is production: tokens come from the identity provider; development tokens are never minted in production',
    );
  });
});
