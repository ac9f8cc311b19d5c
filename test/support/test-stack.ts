import { DEFAULT_SUPERGRAPH_PATH } from '../../gateway/gateway-config';
import { createLogger } from '../../platform/logger';
import type { SystemUrls } from '../../platform/system-urls';
import { type Stack, startStack } from '../../scripts/start-stack';

const host = '127.0.0.1';

/** The real stack (archive API, three subgraphs, gateway) on ephemeral ports. */
export function startTestStack(systems: SystemUrls): Promise<Stack> {
  return startStack(
    {
      archiveApi: { port: 0, host, databaseUrl: systems.archive },
      crm: { port: 0, host, oltpDatabaseUrl: systems.oltp },
      archive: { port: 0, host, archiveApiUrl: '' },
      analytics: { port: 0, host, warehouseDatabaseUrl: systems.warehouse },
      gateway: { port: 0, host, supergraphPath: DEFAULT_SUPERGRAPH_PATH, subgraphUrls: {} },
    },
    (service) => createLogger(service, process.env.LOG_LEVEL ?? 'silent'),
  );
}

export interface GraphQLResponse {
  status: number;
  body: { data?: any; errors?: Array<{ message: string; path?: Array<string | number>; extensions?: Record<string, unknown> }> };
  text: string;
}

/** POSTs an operation to the gateway over HTTP, as a client would. */
export async function postGraphQL(url: string, query: string, variables?: Record<string, unknown>): Promise<GraphQLResponse> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query, variables }),
  });
  const text = await response.text();
  return { status: response.status, body: JSON.parse(text), text };
}
