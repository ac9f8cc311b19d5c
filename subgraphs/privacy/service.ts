import 'reflect-metadata';
import { readFileSync } from 'node:fs';
import { parse } from 'graphql';
import { internalTokenKey } from '../../contracts/internal-token';
import { DEFAULT_PORTS } from '../../contracts/subgraphs';
import { connectDatabase } from '../../platform/database';
import { apiSchemaOf, DEFAULT_SUPERGRAPH_PATH } from '../../platform/supergraph-file';
import { auditDatabaseUrlFrom, type SystemUrls, systemUrlsFrom } from '../../platform/system-urls';
import { DEFAULT_POLICY_PATH, loadPolicy } from '../../policy/policy';
import { defineSubgraph } from '../../subgraph-kit/define-subgraph';
import { AccessLogRepository } from './access-log.repository';
import { DataInventorySource } from './data-inventory.source';
import { PrivacyLoaders } from './loaders';
import { buildPrivacySchema } from './schema';
import { GatewayClient } from './subject-access/gateway-client';
import { SubjectAccessExporter, SubjectAccessIncompleteError } from './subject-access/subject-access-export';

const DEFAULT_GATEWAY_URL = `http://127.0.0.1:${DEFAULT_PORTS.gateway}/graphql`;

interface PrivacySettings {
  auditDatabaseUrl: string;
  systemUrls: SystemUrls;
  /** Where the export reads the graph (GATEWAY_URL); a stack that starts the gateway itself points it there. */
  gatewayUrl?: string;
  supergraphPath?: string;
  policyPath?: string;
}

/**
 * The privacy subgraph, for the data-protection officer: the audit trail (read-only), the data
 * inventory, which counts (never reads out) values in the three systems, and data-subject access
 * exports, read through the gateway. PRIVACY_PORT, HOST, AUDIT_DATABASE_URL, the systems' URLs,
 * GATEWAY_URL, SUPERGRAPH_PATH, POLICY_PATH.
 */
export const privacySubgraph = defineSubgraph({
  name: 'privacy',
  readSettings: (env): PrivacySettings => ({
    auditDatabaseUrl: auditDatabaseUrlFrom(env),
    systemUrls: systemUrlsFrom(env),
    gatewayUrl: env.url('GATEWAY_URL', DEFAULT_GATEWAY_URL),
    supergraphPath: env.string('SUPERGRAPH_PATH', DEFAULT_SUPERGRAPH_PATH),
    policyPath: env.string('POLICY_PATH', DEFAULT_POLICY_PATH),
  }),
  buildSchema: buildPrivacySchema,
  connect: (settings) => {
    const { logger } = settings;
    const db = connectDatabase(settings.auditDatabaseUrl, { readOnly: true, logger });
    // Read-only, a connection or two each: the inventory's aggregate counts are all the privacy subgraph asks of them.
    const systems = {
      oltp: connectDatabase(settings.systemUrls.oltp, { readOnly: true, poolMax: 2, logger }),
      warehouse: connectDatabase(settings.systemUrls.warehouse, { readOnly: true, poolMax: 2, logger }),
      archive: connectDatabase(settings.systemUrls.archive, { readOnly: true, poolMax: 2, logger }),
    };
    const supergraphSdl = readFileSync(settings.supergraphPath ?? DEFAULT_SUPERGRAPH_PATH, 'utf8');
    const supergraph = parse(supergraphSdl);
    const policy = loadPolicy(settings.policyPath);
    let exporter: SubjectAccessExporter | undefined;
    const subjectAccess = {
      exporter: () => {
        try {
          exporter ??= new SubjectAccessExporter(apiSchemaOf(supergraphSdl), supergraph, policy);
        } catch (error) {
          throw new SubjectAccessIncompleteError([(error as Error).message]);
        }
        return exporter;
      },
      gateway: new GatewayClient(settings.gatewayUrl ?? DEFAULT_GATEWAY_URL, internalTokenKey(settings.internalTokenSecret)),
      running: new Set<string>(),
    };
    const inventory = new DataInventorySource(supergraph, policy, db, systems);
    return { db, systems, accessLog: new AccessLogRepository(db), inventory, subjectAccess };
  },
  createLoaders: (resources, principal, observeBatch) => new PrivacyLoaders(resources, principal, observeBatch),
  checkReady: ({ accessLog }) => accessLog.ping(),
  databases: ({ db }) => [{ system: 'audit', db }],
  stop: async ({ db, systems }) => {
    await Promise.all([db, ...Object.values(systems)].map((connection) => connection.destroy()));
  },
});
