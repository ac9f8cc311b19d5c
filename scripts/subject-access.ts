import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { parse } from 'graphql';
import { decodeJwt } from 'jose';
import { DEFAULT_PORTS } from '../contracts/subgraphs';
import { DevelopmentTokensRefused, mintDevelopmentToken } from '../gateway/identity/development-token';
import { readIdentityConfig } from '../gateway/identity/identity-config';
import { EnvReader } from '../platform/env-reader';
import { readProduction } from '../platform/service-defaults';
import { apiSchemaOf, DEFAULT_SUPERGRAPH_PATH } from '../platform/supergraph-file';
import { loadPolicy } from '../policy/policy';
import { gatewayOperationRunner } from '../subgraphs/privacy/subject-access/gateway-client';
import { SubjectAccessExporter } from '../subgraphs/privacy/subject-access/subject-access-export';
import { subjectAccessHtml } from '../subgraphs/privacy/subject-access/subject-access-html';

const USAGE =
  'Usage: npm run -s subject-access -- --customer ID [--html] [--out file] [--gateway URL]\n' +
  '  SUBJECT_ACCESS_TOKEN: a data-protection officer token (outside production a development one is minted without it)';

/**
 * `npm run -s subject-access -- --customer 1000001`: a data subject's copy of everything the graph
 * holds about them, as JSON (or `--html`), read through the running gateway as the
 * data-protection officer, exactly as `Query.subjectAccess` makes it.
 */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      customer: { type: 'string' },
      html: { type: 'boolean', default: false },
      out: { type: 'string' },
      gateway: { type: 'string' },
    },
  });
  if (!values.customer) throw new UsageError(USAGE);
  const env = new EnvReader();
  const production = readProduction(env);
  const gatewayUrl = values.gateway ?? env.url('GATEWAY_URL', `http://127.0.0.1:${DEFAULT_PORTS.gateway}/graphql`);
  const given = env.string('SUBJECT_ACCESS_TOKEN', '') || undefined;
  env.assertValid();
  const policy = loadPolicy();
  const token = given ?? (await developmentToken(env, production));
  const claims = decodeJwt(token);
  const purposes = String(claims.purpose ?? '').split(' ');
  const purpose = purposes.includes('data_protection') ? 'data_protection' : purposes[0];
  const principal = {
    subject: String(claims.sub),
    clientId: String(claims.client_id),
    clientKind: 'first-party' as const,
    purpose,
    scopes: String(claims.scope ?? '').split(' '),
  };
  const supergraphSdl = readFileSync(DEFAULT_SUPERGRAPH_PATH, 'utf8');
  const exporter = new SubjectAccessExporter(apiSchemaOf(supergraphSdl), parse(supergraphSdl), policy);
  const document = await exporter.export(
    values.customer,
    principal,
    gatewayOperationRunner({ url: () => gatewayUrl, authorization: async () => token, purpose }),
  );
  const text = values.html ? subjectAccessHtml(document) : `${JSON.stringify(document, null, 2)}\n`;
  // The data subject's whole record: readable by its owner only.
  if (values.out) writeFileSync(values.out, text, { mode: 0o600 });
  else process.stdout.write(text);
}

/** Outside production, the data-protection officer's development token, as `npm run -s token -- --role dpo` mints it. */
async function developmentToken(env: EnvReader, production: boolean): Promise<string> {
  if (production) throw new DevelopmentTokensRefused();
  const identity = readIdentityConfig(env);
  env.assertValid();
  return mintDevelopmentToken({ role: 'dpo' }, identity, loadPolicy(), { production });
}

class UsageError extends Error {}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(error instanceof UsageError ? 2 : 1);
});
