import 'reflect-metadata';
import type { Logger } from '../../platform/logger';
import { connectDatabase } from '../../platform/database';
import type { EnvReader } from '../../platform/env-reader';
import { DATABASE_PROTOCOLS, systemUrlsFrom } from '../../platform/system-urls';
import { defineSubgraph } from '../../subgraph-kit/define-subgraph';
import { ArchiveRecordsClient } from '../../systems/archive/api/archive-records.client';
import { archiveApiUrlFrom, DEFAULT_ARCHIVE_API_URL } from '../../systems/archive/api/config';
import { CommerceRepository } from './commerce/commerce.repository';
import { CustomerRepository } from './customer/customer.repository';
import { CrmLoaders } from './loaders';
import { ProspectRepository } from './prospect/prospect.repository';
import { RelationshipRepository } from './relationship/relationship.repository';
import { FrontLineWriteRepository } from './relationship/front-line-writes.repository';
import { DataSubjectRequestRepository } from './rights/data-subject-requests.repository';
import { buildCrmSchema } from './schema';

interface CrmSettings {
  /** Every read: a read-only connection. */
  oltpDatabaseUrl: string;
  /** The writes only (data-subject requests, front-line records); the OLTP's own URL unless given. */
  oltpWriteDatabaseUrl?: string;
  /** The records API, which alone still knows legacy account numbers; its default address unless given. */
  archiveApiUrl?: string;
}

/**
 * OLTP_DATABASE_URL, OLTP_WRITE_DATABASE_URL (default: the same URL) for the writes (data-subject requests,
 * front-line records), ARCHIVE_API_URL for legacy account numbers.
 */
function readCrmSettings(env: EnvReader): CrmSettings {
  const oltpDatabaseUrl = systemUrlsFrom(env).oltp;
  return {
    oltpDatabaseUrl,
    oltpWriteDatabaseUrl: env.url('OLTP_WRITE_DATABASE_URL', oltpDatabaseUrl, DATABASE_PROTOCOLS),
    archiveApiUrl: archiveApiUrlFrom(env),
  };
}

/**
 * The crm subgraph over the OLTP database: reads on a read-only connection; the data-subject
 * requests (consent, restriction, erasure) and the front line's records (interactions, offers) on a
 * second connection, for writes, used by their repositories only; a search by an account number the OLTP does not know asks
 * the records API for the account it became. CRM_PORT, HOST, OLTP_DATABASE_URL, OLTP_WRITE_DATABASE_URL, ARCHIVE_API_URL.
 */
export const crmSubgraph = defineSubgraph({
  name: 'crm',
  readSettings: readCrmSettings,
  buildSchema: buildCrmSchema,
  connect: ({ oltpDatabaseUrl, oltpWriteDatabaseUrl, archiveApiUrl, logger }: CrmSettings & { logger: Logger }) => {
    const db = connectDatabase(oltpDatabaseUrl, { readOnly: true, logger });
    const writeDb = connectDatabase(oltpWriteDatabaseUrl ?? oltpDatabaseUrl, { poolMax: 4, logger });
    const repos = {
      customers: new CustomerRepository(db),
      commerce: new CommerceRepository(db),
      relationship: new RelationshipRepository(db),
      dataSubjectRequests: new DataSubjectRequestRepository(writeDb),
      frontLineWrites: new FrontLineWriteRepository(writeDb),
      prospects: new ProspectRepository(db),
      legacyAccounts: new ArchiveRecordsClient(archiveApiUrl ?? DEFAULT_ARCHIVE_API_URL),
    };
    return { db, writeDb, repos };
  },
  createLoaders: ({ repos }, _principal, observeBatch) => new CrmLoaders(repos, observeBatch),
  checkReady: ({ repos }) => repos.customers.ping(),
  databases: ({ db, writeDb }) => [
    { system: 'oltp', db },
    { system: 'oltp_write', db: writeDb },
  ],
  stop: async ({ db, writeDb, repos }) => {
    repos.legacyAccounts.close();
    await Promise.all([db.destroy(), writeDb.destroy()]);
  },
});
