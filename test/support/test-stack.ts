import { createLogger } from '../../platform/logger';
import { type Stack, startStack } from '../../scripts/start-stack';
import type { SystemUrls } from '../../systems/seed/seed-systems';

const ANY_FREE_PORT = { gateway: 0, crm: 0, archive: 0, analytics: 0, archiveApi: 0 };

/** The real stack (archive API, three subgraphs, gateway) on ephemeral ports. */
export function startTestStack(systems: SystemUrls): Promise<Stack> {
  return startStack({ systems, ports: ANY_FREE_PORT, logger: (service) => createLogger(service, process.env.LOG_LEVEL ?? 'silent') });
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
