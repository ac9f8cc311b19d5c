import 'reflect-metadata';
import { connectDatabase } from '../../platform/database';
import { systemUrlsFrom } from '../../platform/system-urls';
import { defineSubgraph } from '../../subgraph-kit/define-subgraph';
import { CommerceRepository } from './commerce/commerce.repository';
import { CustomerRepository } from './customer/customer.repository';
import { CrmLoaders } from './loaders';
import { RelationshipRepository } from './relationship/relationship.repository';
import { buildCrmSchema } from './schema';

/** The crm subgraph over the OLTP database, read-only. CRM_PORT, HOST, OLTP_DATABASE_URL. */
export const crmSubgraph = defineSubgraph({
  name: 'crm',
  readSettings: (env) => ({ oltpDatabaseUrl: systemUrlsFrom(env).oltp }),
  buildSchema: buildCrmSchema,
  connect: ({ oltpDatabaseUrl }: { oltpDatabaseUrl: string }) => {
    const db = connectDatabase(oltpDatabaseUrl, { readOnly: true });
    const repos = {
      customers: new CustomerRepository(db),
      commerce: new CommerceRepository(db),
      relationship: new RelationshipRepository(db),
    };
    return { db, repos };
  },
  createLoaders: ({ repos }, _principal, observeBatch) => new CrmLoaders(repos, observeBatch),
  checkReady: ({ repos }) => repos.customers.ping(),
  databases: ({ db }) => [{ system: 'oltp', db }],
  stop: ({ db }) => db.destroy(),
});
