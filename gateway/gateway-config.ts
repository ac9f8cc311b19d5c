import type { EnvReader } from '../platform/env-reader';
import { fromProjectRoot } from '../platform/project-root';
import type { SubgraphName } from '../schema/subgraphs';

export const DEFAULT_SUPERGRAPH_PATH = fromProjectRoot('schema', 'supergraph.graphql');

export interface GatewayConfig {
  port: number;
  host: string;
  supergraphPath: string;
  /** Where each subgraph really is, when not at the routing URL in the supergraph. */
  subgraphUrls: Partial<Record<SubgraphName, string>>;
  production: boolean;
}

export function readGatewayConfig(env: EnvReader): GatewayConfig {
  const subgraphUrls: Partial<Record<SubgraphName, string>> = {};
  for (const [name, variable] of [['crm', 'CRM_URL'], ['archive', 'ARCHIVE_URL'], ['analytics', 'ANALYTICS_URL']] as const) {
    const url = env.optionalUrl(variable, ['http:', 'https:']);
    if (url) subgraphUrls[name] = url;
  }
  return {
    port: env.port('GATEWAY_PORT', 4000),
    host: env.string('HOST', '127.0.0.1'),
    supergraphPath: env.string('SUPERGRAPH_PATH', DEFAULT_SUPERGRAPH_PATH),
    subgraphUrls,
    production: env.oneOf('NODE_ENV', ['development', 'production', 'test'], 'development') === 'production',
  };
}
