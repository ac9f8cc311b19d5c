import { type ChildProcess, fork } from 'node:child_process';
import { fromProjectRoot } from '../platform/project-root';
import { stopProcess } from './stop-process';

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

  static async start(options: Omit<SharedServiceRequest, 'service'>): Promise<SharedServices> {
    // The archive subgraph reads the archive API: that one first.
    const api = await startService({ ...options, service: 'archive-api' });
    const subgraphs = await Promise.all((['crm', 'archive', 'analytics', 'privacy'] as const).map((service) => startService({ ...options, service })));
    return new SharedServices([api, ...subgraphs]);
  }

  get pids(): number[] {
    return this.processes.map((service) => service.child.pid!);
  }

  /** The counts of every service, summed. */
  async counts(): Promise<ServiceCounts> {
    const each = await Promise.all(this.processes.map((service) => service.counts()));
    return each.reduce((sum, c) => ({ sql: sum.sql + c.sql, graphqlRequests: sum.graphqlRequests + c.graphqlRequests }), { sql: 0, graphqlRequests: 0 });
  }

  async stop(): Promise<void> {
    // Subgraphs first: the archive subgraph drains against the archive API.
    for (const { child } of [...this.processes.slice(1), this.processes[0]]) await stopProcess(child, () => child.send('stop'));
  }
}

/** One service's process and its answers to `counts`, which come back in the order asked. */
class ServiceProcess {
  private readonly waiting: Array<(counts: ServiceCounts) => void> = [];

  constructor(readonly child: ChildProcess) {
    child.on('message', (message) => this.waiting.shift()?.(message as ServiceCounts));
  }

  counts(): Promise<ServiceCounts> {
    return new Promise((resolve) => {
      this.waiting.push(resolve);
      this.child.send('counts');
    });
  }
}

function startService(request: SharedServiceRequest): Promise<ServiceProcess> {
  const child = fork(fromProjectRoot('dist', 'bench', 'shared-service-process.js'), [JSON.stringify(request)], {
    env: { ...process.env, APOLLO_TELEMETRY_DISABLED: '1', LOG_LEVEL: 'error' },
  });
  return new Promise((resolve, reject) => {
    const failed = (code: number | null) => reject(new Error(`${request.service} exited with ${code} before it was ready`));
    child.once('exit', failed);
    child.once('message', (message) => {
      if (message !== 'ready') return;
      child.off('exit', failed);
      resolve(new ServiceProcess(child));
    });
  });
}
