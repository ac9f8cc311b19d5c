import '../platform/no-telemetry';
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { defaultSubgraphUrl } from '../contracts/subgraphs';
import { prepareAuditStore } from '../gateway/audit/audit-store';
import { cpuTimeMs } from '../platform/process-tree';
import { BENCH_AUDIT_URL, benchSystems, cpuProfileFlags, localMariadbPid } from './bench-data';
import { warmBufferPool } from './buffer-pool';
import { CUSTOMER_PAGE_CALLS, type Json, representation } from './contenders/plan-calls';
import { subgraphTokens } from './contenders/subgraph-tokens';
import { type SharedServiceName, SharedServices } from './shared-services';

const SUBGRAPHS = ['crm', 'archive', 'analytics'] as const;
type Replayed = (typeof SUBGRAPHS)[number];
/** Pages of 100 the replayed calls are drawn from: different customers, as in the bench. */
const PAGES = 20;
/** Calls sent before anything is measured (each subgraph compiles an operation once). */
const WARM_UP = 40;

/**
 * `npm run bench:replay -- --subgraph crm|archive|analytics [--requests 400] [--in-flight 8] [--callers 1]
 * [--customers 10000] [--cpu-prof <dir>]`: the call the query plan makes to one subgraph for a page of 100
 * customers (as the floor contender sends it), sent straight to that subgraph's own process again and again at a fixed number
 * in flight, and the CPU per call of that process, of the records API behind the archive subgraph, and of
 * MariaDB, read before and after. Steadier than a bench row: one process's cost, nothing else in between.
 * The analytics subgraph keeps warehouse answers per caller: `--callers N` spreads the calls over N callers
 * (with as many callers as calls, none is answered from memory: the warm-up comes from a caller of its own).
 * Uses the bench's data and the default subgraph ports.
 */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      subgraph: { type: 'string' },
      requests: { type: 'string', default: '400' },
      'in-flight': { type: 'string', default: '8' },
      callers: { type: 'string', default: '1' },
      customers: { type: 'string', default: '10000' },
      // V8 CPU profiles of every service into this folder, as with `npm run bench -- --cpu-prof`.
      'cpu-prof': { type: 'string' },
    },
  });
  const subgraph = values.subgraph as Replayed;
  if (!SUBGRAPHS.includes(subgraph)) throw new Error(`--subgraph is one of ${SUBGRAPHS.join(', ')} (got ${values.subgraph ?? 'none'})`);
  const [requests, inFlight, callers, customers] = [values.requests, values['in-flight'], values.callers, values.customers].map(Number);
  if (![requests, inFlight, callers, customers].every((n) => Number.isInteger(n) && n > 0)) {
    throw new Error('--requests, --in-flight, --callers and --customers take whole numbers above 0');
  }
  const log = (message: string) => console.log(message);
  const urls = await benchSystems(customers, log);
  await warmBufferPool(urls, log);
  await prepareAuditStore(BENCH_AUDIT_URL);
  process.env.INTERNAL_TOKEN_SECRET = randomBytes(24).toString('hex');
  const profile = cpuProfileFlags(values['cpu-prof']);
  const shared = await SharedServices.start(
    { urls: { ...urls, audit: BENCH_AUDIT_URL }, internalTokenSecret: process.env.INTERNAL_TOKEN_SECRET },
    profile,
  );
  if (profile.length > 0)
    console.log(`CPU profiles into ${values['cpu-prof']}; the ${subgraph} subgraph is process ${shared.pids[subgraph]}`);
  try {
    // A caller of its own for the warm-up and the pages' crm calls, so that none of the measured callers is warm.
    const warmUp = await subgraphTokens('replay-warm-up@example.com');
    const tokens = await Promise.all(Array.from({ length: callers }, (_, i) => subgraphTokens(`replay-${i}@example.com`)));
    const call = async (name: Replayed, query: string, variables: Json, caller?: number): Promise<Json> => {
      const token = caller === undefined ? warmUp : tokens[caller % callers];
      const response = await fetch(defaultSubgraphUrl(name), {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token.current[name]}` },
        body: JSON.stringify({ query, variables }),
      });
      const body = (await response.json()) as Json;
      if (!response.ok || body.errors) throw new Error(`${name} answered ${response.status}: ${JSON.stringify(body.errors ?? body)}`);
      return body.data;
    };
    const calls = await Promise.all(
      Array.from({ length: PAGES }, async () => {
        const start = 1_000_000 + Math.floor(Math.random() * Math.max(1, customers - 100));
        const variables = { after: Buffer.from(`k1:${start}`).toString('base64url') };
        if (subgraph === 'crm') return variables;
        const { customers: page } = await call('crm', CUSTOMER_PAGE_CALLS.crm, variables);
        return { r: (page.nodes as Json[]).map((customer) => representation(customer, subgraph === 'archive')) };
      }),
    );
    const send = async (count: number, measuring: boolean) => {
      let next = 0;
      const worker = async () => {
        for (let n = next++; n < count; n = next++)
          await call(subgraph, CUSTOMER_PAGE_CALLS[subgraph], calls[n % PAGES], measuring ? n : undefined);
      };
      await Promise.all(Array.from({ length: Math.min(inFlight, count) }, worker));
    };
    await send(WARM_UP, false);
    const measured: Partial<Record<SharedServiceName | 'mariadb', number>> = { [subgraph]: shared.pids[subgraph] };
    if (subgraph === 'archive') measured['archive-api'] = shared.pids['archive-api'];
    const mariadb = localMariadbPid();
    if (mariadb !== undefined) measured.mariadb = mariadb;
    const before = Object.fromEntries(Object.entries(measured).map(([name, pid]) => [name, cpuTimeMs(pid)]));
    const started = Date.now();
    await send(requests, true);
    const seconds = (Date.now() - started) / 1000;
    const perCall = Object.entries(measured).map(([name, pid]) => `${name} ${((cpuTimeMs(pid) - before[name]) / requests).toFixed(2)} ms`);
    console.log(
      `${subgraph}: ${requests} calls for a page of 100 customers, ${inFlight} in flight, ${callers} caller(s): ` +
        `${(requests / seconds).toFixed(1)} calls/s; CPU per call: ${perCall.join(', ')}`,
    );
  } finally {
    await shared.stop();
  }
}

main().catch((error: unknown) => {
  console.error(`npm run bench:replay: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
