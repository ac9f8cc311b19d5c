import 'reflect-metadata';
import type { GraphQLSchema } from 'graphql';
import { buildFederatedSchema } from '../../subgraph-kit/build-federated-schema';
import { AccessLogEntryResolver, AccessLogResolver } from './access-log.resolver';
import { Customer } from './access-log.type';
import { DataInventoryResolver } from './data-inventory.resolver';
import { referenceResolvers } from './reference';
import { SubjectAccessExportResolver, SubjectAccessResolver } from './subject-access/subject-access.resolver';

export function buildPrivacySchema(): Promise<GraphQLSchema> {
  return buildFederatedSchema(
    // Only callers who may read restricted customers read the access log, so no status is needed.
    {
      resolvers: [AccessLogResolver, AccessLogEntryResolver, DataInventoryResolver, SubjectAccessResolver, SubjectAccessExportResolver],
      orphanedTypes: [Customer],
      protectionStatusOf: () => null,
    },
    referenceResolvers,
  );
}
