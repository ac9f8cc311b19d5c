import type { GraphQLSchema } from 'graphql';
import { DEFAULT_PORTS } from '../platform/service-defaults';
import { buildAnalyticsSchema } from '../subgraphs/analytics/server';
import { buildArchiveSchema } from '../subgraphs/archive/server';
import { buildCrmSchema } from '../subgraphs/crm/server';
import { buildPrivacySchema } from '../subgraphs/privacy/server';

export interface SubgraphDefinition {
  name: string;
  /** Routing URL written into the supergraph; the gateway can override it per environment. */
  url: string;
  buildSchema: () => Promise<GraphQLSchema>;
}

/** The subgraphs composed into the supergraph, with their default local URLs. */
export const SUBGRAPHS: SubgraphDefinition[] = [
  { name: 'crm', url: `http://127.0.0.1:${DEFAULT_PORTS.crm}/graphql`, buildSchema: buildCrmSchema },
  { name: 'archive', url: `http://127.0.0.1:${DEFAULT_PORTS.archive}/graphql`, buildSchema: buildArchiveSchema },
  { name: 'analytics', url: `http://127.0.0.1:${DEFAULT_PORTS.analytics}/graphql`, buildSchema: buildAnalyticsSchema },
  { name: 'privacy', url: `http://127.0.0.1:${DEFAULT_PORTS.privacy}/graphql`, buildSchema: buildPrivacySchema },
];

export type SubgraphName = 'crm' | 'archive' | 'analytics' | 'privacy';
