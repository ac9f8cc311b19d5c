import 'reflect-metadata';
import { connectDatabase } from '../../platform/database';
import { auditDatabaseUrlFrom, type SystemUrls, systemUrlsFrom } from '../../platform/system-urls';
import { readSupergraph } from '../../policy/data-inventory';
import { DEFAULT_POLICY_PATH, loadPolicy } from '../../policy/policy';
import { defineSubgraph } from '../../subgraph-kit/define-subgraph';
import { AccessLogRepository } from './access-log.repository';
import { DataInventorySource, InventoryLoaders } from './data-inventory.source';
import { buildPrivacySchema } from './schema';

/**
 * The privacy subgraph: the audit trail, read-only, for the data-protection officer, and the data inventory, which
 * counts (never reads out) values in the three systems. PRIVACY_PORT, HOST, AUDIT_DATABASE_URL, POLICY_PATH and the
 * systems' URLs.
 */
export const privacySubgraph = defineSubgraph({
  name: 'privacy',
  readSettings: (env) => ({
    auditDatabaseUrl: auditDatabaseUrlFrom(env),
    systemUrls: systemUrlsFrom(env),
    policyPath: env.string('POLICY_PATH', DEFAULT_POLICY_PATH),
  }),
  buildSchema: buildPrivacySchema,
  connect: ({ auditDatabaseUrl, systemUrls, policyPath }: { auditDatabaseUrl: string; systemUrls: SystemUrls; policyPath: string }) => {
    const db = connectDatabase(auditDatabaseUrl, { readOnly: true });
    // Read-only, a connection or two each: the inventory's aggregate counts are all the privacy subgraph asks of them.
    const systems = {
      oltp: connectDatabase(systemUrls.oltp, { readOnly: true, poolMax: 2 }),
      warehouse: connectDatabase(systemUrls.warehouse, { readOnly: true, poolMax: 2 }),
      archive: connectDatabase(systemUrls.archive, { readOnly: true, poolMax: 2 }),
    };
    const inventory = new DataInventorySource(readSupergraph(), loadPolicy(policyPath), db, systems);
    return { db, systems, accessLog: new AccessLogRepository(db), inventory };
  },
  createLoaders: ({ accessLog, inventory }, _principal, observeBatch) => new InventoryLoaders(accessLog, observeBatch, inventory),
  checkReady: ({ accessLog }) => accessLog.ping(),
  databases: ({ db }) => [{ system: 'audit', db }],
  stop: async ({ db, systems }) => {
    await Promise.all([db, ...Object.values(systems)].map((connection) => connection.destroy()));
  },
});
