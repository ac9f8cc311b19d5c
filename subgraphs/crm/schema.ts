import 'reflect-metadata';
import type { GraphQLSchema } from 'graphql';
import { buildFederatedSchema } from '../../subgraph-kit/build-federated-schema';
// Customer's fields are listed in the order these resolvers are imported: the activity lists, then the profile.
import { CustomerCommerceResolver } from './commerce/customer-commerce.resolver';
import { CustomerRelationshipResolver } from './relationship/customer-relationship.resolver';
import { CustomerResolver } from './customer/customer.resolver';
import { CustomerSearchResolver } from './customer/customer-search.resolver';
import { HouseholdResolver } from './customer/household.resolver';
import { OrderResolver } from './commerce/order.resolver';
import { ProspectResolver } from './prospect/prospect.resolver';
import { crmProtectionStatus } from './protection';
import { referenceResolvers } from './reference';
import { DataSubjectRightsResolver } from './rights/data-subject-rights.resolver';
import { FrontLineWritesResolver } from './relationship/front-line-writes.resolver';

export function buildCrmSchema(): Promise<GraphQLSchema> {
  return buildFederatedSchema(
    {
      resolvers: [
        CustomerResolver,
        CustomerCommerceResolver,
        CustomerRelationshipResolver,
        OrderResolver,
        HouseholdResolver,
        DataSubjectRightsResolver,
        FrontLineWritesResolver,
        CustomerSearchResolver,
        ProspectResolver,
      ],
      protectionStatusOf: crmProtectionStatus,
    },
    referenceResolvers,
  );
}
