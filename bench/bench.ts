import '../platform/no-telemetry';
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { mintDevelopmentToken } from '../gateway/identity/development-token';
import { gatewayNodeFlags } from '../gateway/node-flags';
import { registeredOperation } from '../gateway/persisted/manifest';
import { cpuTimeMs, residentMemoryMB } from '../platform/process-tree';
import { stopProcess } from '../platform/stop-process';
import { waitUntilAnswering } from '../platform/wait-until-answering';
import { fromProjectRoot } from '../platform/project-root';
import { loadPolicy } from '../policy/policy';
import { openSystemDatabase } from '../systems/system-database';
import { prepareAuditStore } from '../gateway/audit/audit-store';
import type { LoadRequest, LoadResult } from './load';
import { BENCH_AUDIT_URL, benchSystems, cpuProfileFlags, localMariadbPid } from './bench-data';
import { warmBufferPool } from './buffer-pool';
import { benchCaller } from './contenders/subgraph-tokens';
import { SharedServices } from './shared-services';
import { untilIdle } from './until-idle';
import { type Workload, WORKLOADS } from './workloads';

const CONTENDERS = ['ours', 'stock', 'hive', 'hiveRust', 'floor'] as const;
type Contender = (typeof CONTENDERS)[number];
const PORTS: Record<Contender, number> = { ours: 4100, stock: 4101, hive: 4102, hiveRust: 4104, floor: 4103 };

interface Measurement {
  rps: number;
  p50: number;
  p95: number;
  p99: number;
  errors: number;
  /** Answers where the data-protection rules withheld a customer's data (restriction, consent): correct, not errors. */
  refusals: number;
  rssMB: number;
  sqlPerRequest: number;
  subgraphCallsPerRequest: number;
  /** The contender's own CPU time per request: steadier than latency on a shared machine. */
  cpuMsPerRequest: number;
  /**
   * CPU time per request behind the gateway: the subgraph and archive API processes and
   * MariaDB when it runs on this machine. On a shared machine this is CPU the gateway does not get.
   */
  systemsCpuMsPerRequest: number;
  /** The same, per service behind the gateway (each subgraph, the archive API, MariaDB). */
  systemsCpuMsPerRequestByService: Record<string, number>;
  /** The whole path's CPU time per request: the gateway, every subgraph, the archive API and MariaDB. */
  wholePathCpuMs: number;
  /**
   * MariaDB's own CPU time per request for the same work: the floor of a system that reads the data
   * where it is (0 when MariaDB is not on this machine, so not measured).
   */
  mariadbCpuMs: number;
  /** wholePathCpuMs / mariadbCpuMs: how many times the floor the whole path costs (null when not measured). */
  wholePathToMariadb: number | null;
}

/**
 * `npm run bench [-- --quick] [--customers N]`: the same workloads against our gateway
 * (every protection on), the stock @apollo/gateway, Hive Gateway with its own planner and with
 * Hive Router's Rust planner, and the floor (the plan's subgraph calls and nothing else), all
 * over the same subgraphs and MariaDB data.
 */
async function main(): Promise<void> {
  const { values } = asUsage(() =>
    parseArgs({
      options: {
        quick: { type: 'boolean', default: false },
        customers: { type: 'string', default: '10000' },
        workload: { type: 'string' },
        // Writes V8 CPU profiles of our gateway and of every subgraph and the archive API into this folder
        // (one file per process, named by its pid: open them in Chrome DevTools).
        'cpu-prof': { type: 'string' },
        // Our gateway's GATEWAY_WORKERS (a number or "all"); the other contenders run one process.
        'gateway-workers': { type: 'string', default: '1' },
        // Concurrent clients, comma separated (default 1,50): say 50 alone for a focused profile.
        concurrency: { type: 'string' },
        // Stock, Hive and the floor with our gateway's node flags too, to see what the flags alone are worth.
        'same-node-flags': { type: 'boolean', default: false },
      },
    }),
  );
  const customers = Number(values.customers);
  const workloads = WORKLOADS.filter((w) => !values.workload || w.name === values.workload);
  const concurrencies = values.concurrency ? values.concurrency.split(',').map(Number) : [1, 50];
  const positive = (n: number) => Number.isInteger(n) && n > 0;
  if (!positive(customers)) throw new UsageError(`--customers takes a whole number above 0 (got ${values.customers})`);
  if (workloads.length === 0)
    throw new UsageError(`--workload is one of ${WORKLOADS.map((w) => w.name).join(', ')} (got ${values.workload})`);
  if (!concurrencies.every(positive))
    throw new UsageError(`--concurrency takes whole numbers above 0, comma separated (got ${values.concurrency})`);
  // Many short rounds rather than a few long ones: at concurrency 1 this shared machine's drift
  // (seconds-long slow spells) is larger than the gaps measured, and only alternation evens it out.
  const seconds = values.quick ? 3 : 4;
  const rounds = values.quick ? 1 : 5;
  const log = (message: string) => console.log(message);
  const urls = await benchSystems(customers, log);
  const bufferPool = await warmBufferPool(urls, log);

  const work = mkdtempSync(path.join(os.tmpdir(), 'bench-'));
  // The audit store on MariaDB as in production, emptied for each run.
  const audit = { databaseUrl: BENCH_AUDIT_URL, spoolFile: path.join(work, 'audit-spool.jsonl') };
  await (await openSystemDatabase(audit.databaseUrl, { recreate: true })).destroy();
  await prepareAuditStore(audit.databaseUrl);
  // Every process runs as in production (NODE_ENV=production: graphql-js, Express and Apollo Server in their
  // production modes too), with secrets made for this run.
  const secret = randomBytes(24).toString('hex');
  const jwtSecret = randomBytes(24).toString('hex');
  const production = { NODE_ENV: 'production', INTERNAL_TOKEN_SECRET: secret, JWT_SECRET: jwtSecret };
  const profile = cpuProfileFlags(values['cpu-prof']);
  const shared = await SharedServices.start({ urls: { ...urls, audit: audit.databaseUrl }, internalTokenSecret: secret }, profile);
  onStop.push(() => shared.stop());
  if (profile.length > 0)
    log(
      `CPU profiles into ${values['cpu-prof']}, by process id: ${Object.entries(shared.pids)
        .map(([service, pid]) => `${service} ${pid}`)
        .join(', ')}`,
    );
  const subgraphCalls = async () => (await shared.counts()).graphqlRequests;
  const settle = async () => {
    if (!(await untilIdle(subgraphCalls))) log('  (the subgraphs were still busy 60 s after a run: the next figures include that backlog)');
  };
  const mariadb = localMariadbPid();
  const systemsCpuMs = (): Record<string, number> => {
    const pids: Record<string, number> = { ...shared.pids, ...(mariadb === undefined ? {} : { mariadb }) };
    return Object.fromEntries(Object.entries(pids).map(([service, pid]) => [service, cpuTimeMs(pid)]));
  };

  const processes = await startContenders(production, audit, values['gateway-workers'], values['same-node-flags'], values['cpu-prof']);
  if (profile.length > 0)
    log(
      `  and the gateways: ${Object.entries(processes)
        .map(([contender, child]) => `${contender} ${child.pid}`)
        .join(', ')}`,
    );
  const policy = loadPolicy();
  // The bench mints its callers' tokens itself, with the secret its gateway was given.
  const identity = { secret: jwtSecret, issuer: 'customer-graph-dev', audience: 'customer-graph', internalTokenSecret: secret };
  const dpoToken = `Bearer ${await mintDevelopmentToken(benchCaller(policy), identity, policy, { production: false })}`;
  const partnerToken = `Bearer ${await mintDevelopmentToken({ role: 'acme_delivery' }, identity, policy, { production: false })}`;
  const partnerId = registeredOperation('acme-delivery', 'DeliveryAddress').id;

  const requestFor = (workload: Workload, contender: Contender, concurrency: number, runSeconds: number): LoadRequest => ({
    url: `http://127.0.0.1:${PORTS[contender]}/graphql`,
    workload: workload.name,
    customers,
    concurrency,
    seconds: runSeconds,
    ...(contender === 'ours' && workload.persisted
      ? { authorization: partnerToken, persistedId: partnerId }
      : contender === 'ours'
        ? { authorization: dpoToken }
        : {}),
  });
  // Everything runs every workload once before anything is measured: the subgraphs are shared,
  // and whoever came first would otherwise pay for compiling their code.
  for (const workload of workloads) for (const contender of CONTENDERS) await runLoad(requestFor(workload, contender, 8, 1));
  await settle();

  const report: { workloads: Array<{ name: string; concurrency: number; contenders: Record<string, Measurement> }> } = { workloads: [] };
  for (const workload of workloads) {
    for (const concurrency of concurrencies) {
      const totals = Object.fromEntries(
        CONTENDERS.map((c) => [
          c,
          {
            requests: 0,
            started: 0,
            seconds: 0,
            errors: 0,
            refusals: 0,
            latencies: [] as number[],
            sql: 0,
            calls: 0,
            rss: 0,
            cpuMs: 0,
            systemsCpuMs: {} as Record<string, number>,
          },
        ]),
      );
      // Alternate contenders round by round, starting each round with a different one, and warm
      // each up right before it is measured, so drift and run order hit all of them alike.
      for (let round = 0; round < rounds; round++) {
        const shift = (report.workloads.length + round) % CONTENDERS.length;
        for (const contender of [...CONTENDERS.slice(shift), ...CONTENDERS.slice(0, shift)]) {
          await runLoad(requestFor(workload, contender, concurrency, 1));
          await settle();
          const [countsBefore, cpuBefore, systemsCpuBefore] = [await shared.counts(), cpuTimeMs(processes[contender].pid!), systemsCpuMs()];
          const result = await runLoad(requestFor(workload, contender, concurrency, seconds));
          const total = totals[contender];
          total.rss = Math.max(total.rss, residentMemoryMB(processes[contender].pid!));
          // The run ends with one request in flight per client: their work is charged once they
          // finish, and they count as requests for the per-request figures (not for requests/s).
          await settle();
          const countsAfter = await shared.counts();
          total.started += result.requests + concurrency;
          total.requests += result.requests;
          total.seconds += result.seconds;
          total.errors += result.errors;
          total.refusals += result.refusals;
          total.latencies.push(...result.latenciesMs);
          total.sql += countsAfter.sql - countsBefore.sql;
          total.calls += countsAfter.graphqlRequests - countsBefore.graphqlRequests;
          total.cpuMs += cpuTimeMs(processes[contender].pid!) - cpuBefore;
          for (const [service, ms] of Object.entries(systemsCpuMs()))
            total.systemsCpuMs[service] = (total.systemsCpuMs[service] ?? 0) + ms - systemsCpuBefore[service];
        }
      }
      const contenders = Object.fromEntries(
        CONTENDERS.map((c) => {
          const t = totals[c];
          const wholePathMs = t.cpuMs + sum(Object.values(t.systemsCpuMs));
          const sorted = t.latencies.sort((a, b) => a - b);
          const pct = (p: number) => (sorted.length === 0 ? 0 : sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]);
          return [
            c,
            {
              rps: round(t.requests / t.seconds),
              p50: round(pct(50)),
              p95: round(pct(95)),
              p99: round(pct(99)),
              errors: t.errors,
              refusals: t.refusals,
              rssMB: round(t.rss),
              sqlPerRequest: perRequest(t.sql, t.started, 1),
              subgraphCallsPerRequest: perRequest(t.calls, t.started, 1),
              cpuMsPerRequest: perRequest(t.cpuMs, t.started, 2),
              systemsCpuMsPerRequest: perRequest(sum(Object.values(t.systemsCpuMs)), t.started, 2),
              systemsCpuMsPerRequestByService: Object.fromEntries(
                Object.entries(t.systemsCpuMs).map(([service, ms]) => [service, perRequest(ms, t.started, 2)]),
              ),
              wholePathCpuMs: perRequest(wholePathMs, t.started, 2),
              mariadbCpuMs: perRequest(t.systemsCpuMs.mariadb ?? 0, t.started, 2),
              wholePathToMariadb: t.systemsCpuMs.mariadb ? round(wholePathMs / t.systemsCpuMs.mariadb, 2) : null,
            } satisfies Measurement,
          ];
        }),
      );
      report.workloads.push({ name: workload.name, concurrency, contenders });
      log(formatRow(workload.name, concurrency, contenders));
    }
  }

  mkdirSync(fromProjectRoot('bench', 'results'), { recursive: true });
  const json = JSON.stringify(
    {
      ...report,
      customers,
      seconds,
      rounds,
      gatewayWorkers: values['gateway-workers'],
      sameNodeFlags: values['same-node-flags'],
      bufferPool,
      at: new Date().toISOString(),
    },
    null,
    2,
  );
  writeFileSync(fromProjectRoot('bench', 'results', 'latest.json'), `${json}\n`);
  log('\nwrote bench/results/latest.json');
  await stopEverything();
}

/** What the bench started, stopped last first: also when it fails part-way, so nothing is left holding the ports. */
const onStop: Array<() => Promise<unknown>> = [];

async function stopEverything(): Promise<void> {
  for (const stop of onStop.splice(0).reverse()) await stop().catch((error: unknown) => console.error(error));
}

async function startContenders(
  production: Record<string, string>,
  audit: { databaseUrl: string; spoolFile: string },
  gatewayWorkers: string,
  sameNodeFlags: boolean,
  cpuProfileDir?: string,
): Promise<Record<Contender, ChildProcess>> {
  for (const contender of CONTENDERS) {
    const taken = await fetch(`http://127.0.0.1:${PORTS[contender]}/`).then(
      () => true,
      () => false,
    );
    if (taken) throw new Error(`port ${PORTS[contender]} (${contender}) is in use: stop whatever listens there first`);
  }
  const node = (script: string, args: string[], env: Record<string, string> = {}, nodeFlags: string[] = []) =>
    spawn(process.execPath, [...nodeFlags, fromProjectRoot('dist', ...script.split('/')), ...args], {
      env: { ...process.env, APOLLO_TELEMETRY_DISABLED: '1', LOG_LEVEL: 'error', ...production, ...env },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
  const profiled = cpuProfileFlags(cpuProfileDir);
  const othersFlags = [...(sameNodeFlags ? gatewayNodeFlags() : []), ...profiled];
  const processes: Record<Contender, ChildProcess> = {
    ours: node(
      'gateway/index.js',
      [],
      {
        GATEWAY_PORT: String(PORTS.ours),
        AUDIT_DATABASE_URL: audit.databaseUrl,
        AUDIT_SPOOL_FILE: audit.spoolFile,
        GATEWAY_WORKERS: gatewayWorkers,
        // Counted on every request like in production, set high enough never to refuse the load.
        RATE_LIMIT_PER_CLIENT: '100000000',
        RATE_LIMIT_PER_SUBJECT: '100000000',
      },
      [...gatewayNodeFlags(), ...profiled],
    ),
    stock: node('bench/contenders/stock-gateway.js', [String(PORTS.stock)], {}, othersFlags),
    hive: node('bench/contenders/hive-gateway.js', [String(PORTS.hive)], {}, othersFlags),
    hiveRust: node('bench/contenders/hive-gateway.js', [String(PORTS.hiveRust), '--rust-planner'], {}, othersFlags),
    floor: node('bench/contenders/floor.js', [String(PORTS.floor)], {}, othersFlags),
  };
  onStop.push(() => Promise.all(Object.values(processes).map((child) => stopProcess(child))));
  for (const [name, child] of Object.entries(processes)) {
    child.once('exit', (code) => {
      if (code !== 0 && code !== null) console.error(`${name} exited with ${code}`);
    });
  }
  await Promise.all(CONTENDERS.map((c) => waitUntilAnswering(`http://127.0.0.1:${PORTS[c]}/graphql`)));
  return processes;
}

/** The load generator runs as its own process. */
function runLoad(request: LoadRequest): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [fromProjectRoot('dist', 'bench', 'load.js'), JSON.stringify(request)], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (chunk) => (out += chunk));
    child.on('exit', (code) =>
      code === 0 ? resolve(JSON.parse(out.trim().split('\n').pop()!) as LoadResult) : reject(new Error(`load run failed (${code})`)),
    );
  });
}

function sum(values: number[]): number {
  return values.reduce((total, value) => total + value, 0);
}

function perRequest(amount: number, requests: number, places: number): number {
  return round(amount / Math.max(1, requests), places);
}

function round(value: number, places = 1): number {
  const scale = 10 ** places;
  return Math.round(value * scale) / scale;
}

function formatRow(name: string, concurrency: number, contenders: Record<string, Measurement>): string {
  const ours = contenders.ours;
  const cell = (c: string) => {
    const m = contenders[c];
    const ratio = c === 'ours' ? '' : ` (ours ×${(ours.rps / Math.max(0.1, m.rps)).toFixed(2)})`;
    const withheld = m.refusals > 0 ? ` withheld ${m.refusals}` : '';
    const latency = `p50 ${m.p50} p95 ${m.p95} p99 ${m.p99} ms`;
    const cpu = `cpu ${m.cpuMsPerRequest} ms/req (systems ${m.systemsCpuMsPerRequest})`;
    const floor = m.wholePathToMariadb === null ? '' : ` = ×${m.wholePathToMariadb} MariaDB's ${m.mariadbCpuMs}`;
    const whole = `whole path ${m.wholePathCpuMs} ms/req${floor}`;
    return `${c}: ${m.rps} rps ${latency} err ${m.errors}${withheld} rss ${m.rssMB} MB ${cpu} ${whole}${ratio}`;
  };
  const behind = (c: string) =>
    `${c} ${Object.entries(contenders[c].systemsCpuMsPerRequestByService)
      .map(([service, ms]) => `${service} ${ms}`)
      .join(', ')}`;
  return (
    `${name} c=${concurrency}\n  ${CONTENDERS.map(cell).join('\n  ')}\n` +
    `  sql/request ${ours.sqlPerRequest}, subgraph calls/request ${ours.subgraphCallsPerRequest}` +
    `\n  systems ms/request by service: ${CONTENDERS.filter((c) => c !== 'floor')
      .map(behind)
      .join('; ')}`
  );
}

/** A bad option: the message is all the user needs, not a stack. */
class UsageError extends Error {}

/** Runs `parse`; an unknown or malformed option (parseArgs' own error) becomes a usage error. */
function asUsage<T>(parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

main().catch(async (error: unknown) => {
  console.error(error instanceof UsageError ? `npm run bench: ${error.message}` : error);
  await stopEverything();
  process.exit(error instanceof UsageError ? 2 : 1);
});
