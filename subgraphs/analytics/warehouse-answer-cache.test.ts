import type { Principal } from '../../contracts/principal';
import { WarehouseAnswerCache } from './warehouse-answer-cache';

const ANALYST: Principal = { subject: 'analyst', scopes: ['analytics'], purpose: 'analytics', clientId: 'bi', clientKind: 'first-party' };

interface Row {
  customerId: string;
  asked: string;
}

/** A warehouse that answers one row per customer, naming who asked, and records the ids of every call. */
function warehouse() {
  const calls: string[][] = [];
  const fetchFor = (asked: string) => async (ids: readonly string[]) => {
    calls.push([...ids]);
    return ids.map((customerId) => ({ customerId, asked }));
  };
  return { calls, fetchFor };
}

describe('the warehouse answer cache', () => {
  let load = 'load-1';
  const cacheOf = (entries = 100) => new WarehouseAnswerCache(async () => load, { entries, checkEveryMs: 0 });
  beforeEach(() => {
    load = 'load-1';
  });

  it('answers a caller from memory what that caller already asked since the current load, and asks only for the rest', async () => {
    const cache = cacheOf();
    const { calls, fetchFor } = warehouse();
    const scores = cache.cached(ANALYST, 'scores', fetchFor('first'), (row: Row) => row.customerId);
    expect(await scores(['1', '2'])).toEqual([
      { customerId: '1', asked: 'first' },
      { customerId: '2', asked: 'first' },
    ]);
    const again = cache.cached(ANALYST, 'scores', fetchFor('second'), (row: Row) => row.customerId);
    expect(await again(['2', '3'])).toEqual([
      { customerId: '2', asked: 'first' },
      { customerId: '3', asked: 'second' },
    ]);
    expect(calls).toEqual([['1', '2'], ['3']]);
  });

  it('never answers one caller, question or load with what another was answered', async () => {
    const cache = cacheOf();
    const { calls, fetchFor } = warehouse();
    const ask = (principal: Principal, question: string) =>
      cache.cached(
        principal,
        question,
        fetchFor(`${principal.subject}[${principal.scopes.join(' ')}]/${question}/${load}`),
        (row: Row) => row.customerId,
      )(['1']);
    await ask(ANALYST, 'scores');
    expect(await ask({ ...ANALYST, subject: 'other' }, 'scores')).toEqual([{ customerId: '1', asked: 'other[analytics]/scores/load-1' }]);
    expect(await ask({ ...ANALYST, scopes: [] }, 'scores')).toEqual([{ customerId: '1', asked: 'analyst[]/scores/load-1' }]);
    expect(await ask(ANALYST, 'costs')).toEqual([{ customerId: '1', asked: 'analyst[analytics]/costs/load-1' }]);
    load = 'load-2';
    expect(await ask(ANALYST, 'scores')).toEqual([{ customerId: '1', asked: 'analyst[analytics]/scores/load-2' }]);
    expect(calls).toHaveLength(5);
  });

  it('keeps callers apart whatever their fields and the customer ids hold', async () => {
    const cache = cacheOf();
    const { fetchFor } = warehouse();
    const ask = (principal: Principal, ids: string[]) =>
      cache.cached(principal, 'q', fetchFor(`${principal.subject} ${principal.clientId}`), (row: Row) => row.customerId)(ids);
    // Joined with "|", these two callers were one.
    await ask({ ...ANALYST, subject: 'alice|desk', clientId: 'x' }, ['1']);
    expect(await ask({ ...ANALYST, subject: 'alice', clientId: 'desk|x' }, ['1'])).toEqual([{ customerId: '1', asked: 'alice desk|x' }]);
    // In a cache of their own, twelve callers: the second's customer "12" and the twelfth's "2" must not meet.
    const fresh = cacheOf();
    const callers = Array.from({ length: 12 }, (_, i) => ({ ...ANALYST, subject: `caller-${i}` }));
    const askFresh = (principal: Principal, ids: string[]) =>
      fresh.cached(principal, 'q', fetchFor(principal.subject), (row: Row) => row.customerId)(ids);
    for (const caller of callers) await askFresh(caller, ['0']);
    await askFresh(callers[1], ['12']);
    expect(await askFresh(callers[11], ['2'])).toEqual([{ customerId: '2', asked: 'caller-11' }]);
  });

  it('asks again, and answers right, once the cache has forgotten a caller among many', async () => {
    const cache = cacheOf(2);
    const { calls, fetchFor } = warehouse();
    const ask = (subject: string) =>
      cache.cached({ ...ANALYST, subject }, 'scores', fetchFor(subject), (row: Row) => row.customerId)(['1']);
    await ask('first');
    await ask('second');
    await ask('third');
    expect(await ask('first')).toEqual([{ customerId: '1', asked: 'first' }]);
    expect(calls).toHaveLength(4);
  });

  it('with no entries asks the warehouse every time', async () => {
    const cache = new WarehouseAnswerCache(async () => load, { entries: 0, checkEveryMs: 0 });
    const { calls, fetchFor } = warehouse();
    const scores = cache.cached(ANALYST, 'scores', fetchFor('x'), (row: Row) => row.customerId);
    await scores(['1']);
    await scores(['1']);
    expect(calls).toEqual([['1'], ['1']]);
  });
});
