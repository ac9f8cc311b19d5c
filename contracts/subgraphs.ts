/** The subgraphs the gateway composes, by the name each is routed and audited under. */
export const SUBGRAPH_NAMES = ['crm', 'archive', 'analytics', 'privacy'] as const;

export type SubgraphName = (typeof SUBGRAPH_NAMES)[number];

/** The system of record each subgraph reads in place. */
export const SYSTEM_OF_RECORD: Record<SubgraphName, string> = {
  crm: 'OLTP database',
  archive: 'records archive (through its records API)',
  analytics: 'warehouse',
  privacy: 'audit store',
};

/** Where each service listens unless told otherwise; the composed supergraph routes to these. */
export const DEFAULT_PORTS = { gateway: 4000, crm: 4001, archive: 4002, analytics: 4003, privacy: 4004, archiveApi: 4010 } as const;

type ServiceName = keyof typeof DEFAULT_PORTS;

/** The variable that moves each service to another port. */
export const PORT_VARIABLES: Record<ServiceName, string> = {
  gateway: 'GATEWAY_PORT',
  crm: 'CRM_PORT',
  archive: 'ARCHIVE_PORT',
  analytics: 'ANALYTICS_PORT',
  privacy: 'PRIVACY_PORT',
  archiveApi: 'ARCHIVE_API_PORT',
};

/** A subgraph's GraphQL endpoint on this host at its default port. */
export function defaultSubgraphUrl(name: SubgraphName): string {
  return `http://127.0.0.1:${DEFAULT_PORTS[name]}/graphql`;
}
