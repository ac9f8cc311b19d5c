import type { GraphQLSchema } from 'graphql';
import { defaultSubgraphUrl, type SubgraphName } from '../contracts/subgraphs';
import { buildAnalyticsSchema } from '../subgraphs/analytics/schema';
import { buildArchiveSchema } from '../subgraphs/archive/schema';
import { buildCrmSchema } from '../subgraphs/crm/schema';
import { buildPrivacySchema } from '../subgraphs/privacy/schema';

interface SubgraphDefinition {
  name: SubgraphName;
  /** Routing URL written into the supergraph; the gateway can override it per environment. */
  url: string;
  buildSchema: () => Promise<GraphQLSchema>;
}

/** The subgraphs composed into the supergraph, with their default local URLs. */
export const SUBGRAPHS: SubgraphDefinition[] = [
  { name: 'crm', url: defaultSubgraphUrl('crm'), buildSchema: buildCrmSchema },
  { name: 'archive', url: defaultSubgraphUrl('archive'), buildSchema: buildArchiveSchema },
  { name: 'analytics', url: defaultSubgraphUrl('analytics'), buildSchema: buildAnalyticsSchema },
  { name: 'privacy', url: defaultSubgraphUrl('privacy'), buildSchema: buildPrivacySchema },
];
