import { DEV_INTERNAL_TOKEN_SECRET, internalTokenKey, signInternalToken } from '../../contracts/internal-token';
import { loadPolicy, type Policy } from '../../policy/policy';
import type { Principal } from '../../contracts/principal';
import { SUBGRAPH_NAMES } from '../../contracts/subgraphs';

/**
 * Who every contender's first-party requests come from: the data-protection officer (every field readable,
 * nothing masked). Ours is sent a token of this caller, the others reach the subgraphs as it: the subgraphs
 * keep answers per caller (the warehouse's), and a caller of its own would leave ours a cache of its own,
 * filled by a fifth of the requests, where the other four contenders shared one.
 */
export function benchCaller(policy: Policy = loadPolicy()) {
  const role = 'dpo';
  return { role, subject: 'bench@example.com', client: 'bench', purpose: policy.roles[role].purposes[0] };
}

/**
 * Pre-minted internal tokens for the contenders that are not our gateway: the subgraphs only answer signed
 * calls, and no switch turns that off. They carry the principal ours makes of `benchCaller`'s token (or of another subject's).
 */
export async function subgraphTokens(subject?: string): Promise<{ current: Record<string, string> }> {
  const policy = loadPolicy();
  const caller = benchCaller(policy);
  const role = policy.roles[caller.role];
  const principal: Principal = {
    subject: subject ?? caller.subject,
    scopes: role.scopes,
    purpose: caller.purpose,
    clientId: caller.client,
    clientKind: role.clientKind,
  };
  const key = internalTokenKey(process.env.INTERNAL_TOKEN_SECRET ?? DEV_INTERNAL_TOKEN_SECRET);
  const mint = async () =>
    Object.fromEntries(await Promise.all(SUBGRAPH_NAMES.map(async (name) => [name, await signInternalToken(principal, name, key, 600)])));
  const tokens = { current: await mint() };
  setInterval(async () => (tokens.current = await mint()), 300_000).unref();
  return tokens;
}
