import { writeFileSync } from 'node:fs';
import { DEFAULT_SUPERGRAPH_PATH } from '../platform/supergraph-file';
import { buildManifest, clientFolders, manifestPath } from '../gateway/persisted/manifest';
import { loadPolicy } from '../policy/policy';
import { apiSchemaFromFile } from '../platform/supergraph-file';

/** `npm run pq:build`: writes persisted-operations/<client>/manifest.json from the client's .graphql files. */
try {
  const schema = apiSchemaFromFile(DEFAULT_SUPERGRAPH_PATH);
  const policy = loadPolicy();
  for (const { clientId, dir } of clientFolders()) {
    const manifest = buildManifest(dir, schema, policy);
    writeFileSync(manifestPath(dir), `${JSON.stringify(manifest, null, 2)}\n`);
    console.log(`wrote persisted-operations/${clientId}/manifest.json (${manifest.operations.length} operations)`);
  }
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}
