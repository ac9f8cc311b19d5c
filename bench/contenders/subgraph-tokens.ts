import { DEV_INTERNAL_TOKEN_SECRET, internalTokenKey, signInternalToken } from '../../contracts/internal-token';
import { loadPolicy } from '../../policy/policy';
import type { Principal } from '../../contracts/principal';
import { SUBGRAPH_NAMES } from '../../contracts/subgraphs';

/**
 * Pre-minted internal tokens for the contenders that are not our gateway: the
 * subgraphs only answer signed calls, and no switch turns that off. They act as the
 * data-protection officer (every field readable, nothing masked), as ours does.
 */
export async function subgraphTokens(): Promise<{ current: Record<string, string> }> {
  const dpo = loadPolicy().roles.dpo;
  const principal: Principal = {
    subject: 'bench@example.com',
    scopes: dpo.scopes,
    purpose: dpo.purposes[0],
    clientId: 'bench',
    clientKind: 'first-party',
  };
  const key = internalTokenKey(process.env.INTERNAL_TOKEN_SECRET ?? DEV_INTERNAL_TOKEN_SECRET);
  const mint = async () =>
    Object.fromEntries(await Promise.all(SUBGRAPH_NAMES.map(async (name) => [name, await signInternalToken(principal, name, key, 600)])));
  const tokens = { current: await mint() };
  setInterval(async () => (tokens.current = await mint()), 300_000).unref();
  return tokens;
}
