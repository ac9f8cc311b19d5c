import 'reflect-metadata';
import { readFileSync } from 'node:fs';
import { parse } from 'graphql';
import { internalTokenKey } from '../../contracts/internal-token';
import { DEFAULT_PORTS } from '../../contracts/subgraphs';
import { connectDatabase } from '../../platform/database';
import { apiSchemaOf, DEFAULT_SUPERGRAPH_PATH } from '../../platform/supergraph-file';
import { auditDatabaseUrlFrom } from '../../platform/system-urls';
import { DEFAULT_POLICY_PATH, loadPolicy } from '../../policy/policy';
import { defineSubgraph } from '../../subgraph-kit/define-subgraph';
import { AccessLogRepository } from './access-log.repository';
import { PrivacyLoaders } from './loaders';
import { buildPrivacySchema } from './schema';
import { GatewayClient } from './subject-access/gateway-client';
import { SubjectAccessExporter, SubjectAccessIncompleteError } from './subject-access/subject-access-export';

const DEFAULT_GATEWAY_URL = `http://127.0.0.1:${DEFAULT_PORTS.gateway}/graphql`;

interface PrivacySettings {
  auditDatabaseUrl: string;
  /** Where the export reads the graph (GATEWAY_URL); a stack that starts the gateway itself points it there. */
  gatewayUrl?: string;
  supergraphPath?: string;
  policyPath?: string;
}

/**
 * The privacy subgraph, for the data-protection officer: the audit trail (read-only) and
 * data-subject access exports, read through the gateway. PRIVACY_PORT, HOST, AUDIT_DATABASE_URL,
 * GATEWAY_URL, SUPERGRAPH_PATH, POLICY_PATH.
 */
export const privacySubgraph = defineSubgraph({
  name: 'privacy',
  readSettings: (env): PrivacySettings => ({
    auditDatabaseUrl: auditDatabaseUrlFrom(env),
    gatewayUrl: env.url('GATEWAY_URL', DEFAULT_GATEWAY_URL),
    supergraphPath: env.string('SUPERGRAPH_PATH', DEFAULT_SUPERGRAPH_PATH),
    policyPath: env.string('POLICY_PATH', DEFAULT_POLICY_PATH),
  }),
  buildSchema: buildPrivacySchema,
  connect: (settings) => {
    const db = connectDatabase(settings.auditDatabaseUrl, { readOnly: true });
    const supergraphSdl = readFileSync(settings.supergraphPath ?? DEFAULT_SUPERGRAPH_PATH, 'utf8');
    const policy = loadPolicy(settings.policyPath);
    let exporter: SubjectAccessExporter | undefined;
    const subjectAccess = {
      exporter: () => {
        try {
          exporter ??= new SubjectAccessExporter(apiSchemaOf(supergraphSdl), parse(supergraphSdl), policy);
        } catch (error) {
          throw new SubjectAccessIncompleteError([(error as Error).message]);
        }
        return exporter;
      },
      gateway: new GatewayClient(settings.gatewayUrl ?? DEFAULT_GATEWAY_URL, internalTokenKey(settings.internalTokenSecret)),
      running: new Set<string>(),
    };
    return { db, accessLog: new AccessLogRepository(db), subjectAccess };
  },
  createLoaders: ({ accessLog, subjectAccess }, principal, observeBatch) =>
    new PrivacyLoaders(accessLog, subjectAccess, principal, observeBatch),
  checkReady: ({ accessLog }) => accessLog.ping(),
  databases: ({ db }) => [{ system: 'audit', db }],
  stop: ({ db }) => db.destroy(),
});
