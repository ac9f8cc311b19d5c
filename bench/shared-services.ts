import { type ChildProcess, fork } from 'node:child_process';
import { fromProjectRoot } from '../platform/project-root';
import { serviceNodeFlags } from '../platform/node-flags';
import { stopProcess } from '../platform/stop-process';
import { SUBGRAPH_NAMES } from '../contracts/subgraphs';

export type SharedServiceName = 'archive-api' | 'crm' | 'archive' | 'analytics' | 'privacy';

export interface SharedServiceRequest {
  service: SharedServiceName;
  urls: { oltp: string; archive: string; warehouse: string; audit: string };
  internalTokenSecret: string;
}

/** What a service has done so far: SQL statements on its system of record, GraphQL requests served. */
export interface ServiceCounts {
  sql: number;
  graphqlRequests: number;
}

/**
 * The archive API and the four subgraphs every contender shares, each in its own process
 * as in production. In one process they share one event loop, which under 50 clients is
 * the bottleneck for every gateway alike and hides what the gateways themselves cost.
 */
export class SharedServices {
  private constructor(private readonly processes: ServiceProcess[]) {}

  /** `nodeFlags` are given to every service's node (`--cpu-prof` and its folder, say). */
  static async start(options: Omit<SharedServiceRequest, 'service'>, nodeFlags: string[] = []): Promise<SharedServices> {
    // The archive subgraph reads the archive API: that one first.
    const api = await startService({ ...options, service: 'archive-api' }, nodeFlags);
    const subgraphs = await Promise.all(SUBGRAPH_NAMES.map((service) => startService({ ...options, service }, nodeFlags)));
    return new SharedServices([api, ...subgraphs]);
  }

  /** Each service's process id, by service name. */
  get pids(): Record<SharedServiceName, number> {
    return Object.fromEntries(this.processes.map((service) => [service.service, service.child.pid!])) as Record<SharedServiceName, number>;
  }

  /** The counts of every service, summed. */
  async counts(): Promise<ServiceCounts> {
    const each = await Promise.all(this.processes.map((service) => service.counts()));
    return each.reduce((sum, c) => ({ sql: sum.sql + c.sql, graphqlRequests: sum.graphqlRequests + c.graphqlRequests }), {
      sql: 0,
      graphqlRequests: 0,
    });
  }

  async stop(): Promise<void> {
    // The reverse of the start order: the archive subgraph drains against the archive API.
    for (const { child } of [...this.processes].reverse()) await stopProcess(child, { ask: () => child.send('stop') });
  }
}

/** One service's process and its answers to `counts`, which come back in the order asked. */
class ServiceProcess {
  private readonly waiting: Array<{ resolve: (counts: ServiceCounts) => void; reject: (error: Error) => void }> = [];
  private exited?: Error;

  constructor(
    readonly child: ChildProcess,
    readonly service: SharedServiceName,
  ) {
    child.on('message', (message) => this.waiting.shift()?.resolve(message as ServiceCounts));
    // A service that dies mid-run fails the bench at once instead of leaving it waiting for an answer.
    child.once('exit', (code, signal) => {
      this.exited = new Error(`the ${service} service exited (${signal ?? code}) during the bench`);
      for (const { reject } of this.waiting.splice(0)) reject(this.exited);
    });
  }

  counts(): Promise<ServiceCounts> {
    if (this.exited) return Promise.reject(this.exited);
    return new Promise((resolve, reject) => {
      this.waiting.push({ resolve, reject });
      this.child.send('counts', (error) => {
        const at = this.waiting.findIndex((w) => w.resolve === resolve);
        if (error && at >= 0)
          this.waiting.splice(at, 1)[0].reject(new Error(`the ${this.service} service cannot be asked: ${error.message}`));
      });
    });
  }
}

function startService(request: SharedServiceRequest, nodeFlags: string[]): Promise<ServiceProcess> {
  const child = fork(fromProjectRoot('dist', 'bench', 'shared-service-process.js'), [JSON.stringify(request)], {
    execArgv: [...serviceNodeFlags(), ...nodeFlags],
    // As deployed: graphql-js, Express and Apollo Server in their production modes.
    env: { ...process.env, APOLLO_TELEMETRY_DISABLED: '1', LOG_LEVEL: 'error', NODE_ENV: 'production' },
  });
  return new Promise((resolve, reject) => {
    const failed = (code: number | null) => reject(new Error(`${request.service} exited with ${code} before it was ready`));
    child.once('exit', failed);
    child.once('message', (message) => {
      if (message !== 'ready') return;
      child.off('exit', failed);
      resolve(new ServiceProcess(child, request.service));
    });
  });
}
