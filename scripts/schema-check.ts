import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { printSchema } from 'graphql';
import { clientFolders, manifestPath, readManifest } from '../gateway/persisted/manifest';
import { fromProjectRoot } from '../platform/project-root';
import { apiSchemaOf } from '../platform/supergraph-file';
import { composeSupergraph } from '../schema/compose-supergraph';
import { type AllowedBreakingChange, checkSchema } from '../schema/schema-check';

const CONTRACT = fromProjectRoot('schema', 'api-schema.graphql');
const ALLOWED = fromProjectRoot('schema', 'breaking-changes.allowed.json');

/**
 * `npm run schema:check [-- --write]`: composes the subgraphs, fails on breaking changes to
 * the published API contract that schema/breaking-changes.allowed.json does not list, on
 * partner operations that no longer validate, and on generated files that are out of date.
 * With --write (after a passing check) it publishes the new contract and generated files.
 */
async function main(): Promise<number> {
  const { values } = parseArgs({ options: { write: { type: 'boolean', default: false } } });
  const { files } = await composeSupergraph();
  const next = apiSchemaOf(files['supergraph.graphql']);
  const allowed: AllowedBreakingChange[] = existsSync(ALLOWED) ? JSON.parse(readFileSync(ALLOWED, 'utf8')) : [];
  const operations = clientFolders().flatMap(({ clientId, dir }) =>
    existsSync(manifestPath(dir)) ? readManifest(manifestPath(dir)).operations.map((operation) => ({ clientId, operation })) : [],
  );
  const result = await checkSchema(readFileSync(CONTRACT, 'utf8'), next, allowed, operations);
  const stale = Object.entries(files)
    .filter(([name, content]) => readFileSync(fromProjectRoot('schema', name), 'utf8') !== content)
    .map(([name]) => name);

  for (const description of result.allowed) console.log(`allowed breaking change: ${description}`);
  for (const description of result.dangerous) console.log(`dangerous change (reported, not failing): ${description}`);
  for (const description of result.breaking)
    console.error(`BREAKING: ${description} (list it in schema/breaking-changes.allowed.json with a reason, or keep the old shape)`);
  for (const problem of result.invalidOperations) console.error(`PARTNER OPERATION BROKEN: ${problem}`);
  const failed = result.breaking.length > 0 || result.invalidOperations.length > 0;
  if (failed) return 1;

  if (values.write) {
    for (const [name, content] of Object.entries(files)) writeFileSync(fromProjectRoot('schema', name), content);
    writeFileSync(CONTRACT, `${printSchema(next)}\n`);
    console.log('published schema/api-schema.graphql and the generated schema files');
    return 0;
  }
  if (stale.length > 0 || result.changed) {
    console.error(
      `out of date: ${[...stale, ...(result.changed ? ['api-schema.graphql'] : [])].join(', ')} (run \`npm run schema:check -- --write\`)`,
    );
    return 1;
  }
  console.log('schema check passed: no unlisted breaking change, every partner operation validates, generated files current');
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
