import 'reflect-metadata';
import { connectDatabase } from '../../platform/database';
import { auditDatabaseUrlFrom } from '../../platform/system-urls';
import { defineSubgraph } from '../../subgraph-kit/define-subgraph';
import { AccessLogRepository } from './access-log.repository';
import { PrivacyLoaders } from './loaders';
import { buildPrivacySchema } from './schema';

/** The privacy subgraph: the audit trail, read-only, for the data-protection officer. PRIVACY_PORT, HOST, AUDIT_DATABASE_URL. */
export const privacySubgraph = defineSubgraph({
  name: 'privacy',
  readSettings: (env) => ({ auditDatabaseUrl: auditDatabaseUrlFrom(env) }),
  buildSchema: buildPrivacySchema,
  connect: ({ auditDatabaseUrl }: { auditDatabaseUrl: string }) => {
    const db = connectDatabase(auditDatabaseUrl, { readOnly: true });
    return { db, accessLog: new AccessLogRepository(db) };
  },
  createLoaders: ({ accessLog }, _principal, observeBatch) => new PrivacyLoaders(accessLog, observeBatch),
  checkReady: ({ accessLog }) => accessLog.ping(),
  databases: ({ db }) => [{ system: 'audit', db }],
  stop: ({ db }) => db.destroy(),
});
