import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { type DocumentNode, type GraphQLSchema, Kind, type OperationDefinitionNode, parse, print, validate } from 'graphql';
import { fromProjectRoot } from '../../platform/project-root';
import { sha256 } from '../../platform/sha256';
import type { Policy } from '../../policy/policy';
import type { Manifest, PersistedOperation } from '../../contracts/persisted-operation';

export const PERSISTED_OPERATIONS_DIR = fromProjectRoot('persisted-operations');

class ManifestError extends Error {}

/** `<dir>/<client id>/manifest.json` for every client folder. */
export function manifestPath(clientDir: string): string {
  return path.join(clientDir, 'manifest.json');
}

export function clientFolders(dir = PERSISTED_OPERATIONS_DIR): Array<{ clientId: string; dir: string }> {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((name) => statSync(path.join(dir, name)).isDirectory())
    .sort()
    .map((clientId) => ({ clientId, dir: path.join(dir, clientId) }));
}

/**
 * A client's `.graphql` files → its manifest. Each file holds one named operation and
 * declares its purpose in a `# purpose: <purpose>` line; the id is the sha256 of the body.
 */
export function buildManifest(clientDir: string, schema: GraphQLSchema, policy: Policy): Manifest {
  const problems: string[] = [];
  const operations = readdirSync(clientDir)
    .filter((file) => file.endsWith('.graphql'))
    .sort()
    .flatMap((file) => {
      const text = readFileSync(path.join(clientDir, file), 'utf8');
      const where = path.join(path.basename(clientDir), file);
      const purpose = /^#\s*purpose:\s*(\S+)/m.exec(text)?.[1];
      if (!purpose || !(purpose in policy.purposes)) {
        problems.push(`${where}: declare one of the policy's purposes in a "# purpose: …" line`);
        return [];
      }
      let document: DocumentNode;
      try {
        document = parse(text);
      } catch (error) {
        problems.push(`${where}: ${(error as Error).message}`);
        return [];
      }
      const operationsInFile = document.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
      if (operationsInFile.length !== 1 || !operationsInFile[0].name) {
        problems.push(`${where}: hold exactly one named operation`);
        return [];
      }
      const invalid = validate(schema, document);
      if (invalid.length > 0) {
        problems.push(...invalid.map((error) => `${where}: ${error.message}`));
        return [];
      }
      const body = print(document);
      return [{ id: sha256(body), name: operationsInFile[0].name.value, type: operationsInFile[0].operation, body, purpose }];
    });
  if (problems.length > 0) throw new ManifestError(problems.join('\n'));
  return { format: 'apollo-persisted-query-manifest', version: 1, operations };
}

/** A client's registered operation by name, from its committed manifest. */
export function registeredOperation(clientId: string, name: string, dir = PERSISTED_OPERATIONS_DIR): PersistedOperation {
  const operation = readManifest(manifestPath(path.join(dir, clientId))).operations.find((o) => o.name === name);
  if (!operation) throw new ManifestError(`${clientId} has no registered operation named ${name}`);
  return operation;
}

export function readManifest(file: string): Manifest {
  const manifest = JSON.parse(readFileSync(file, 'utf8')) as Manifest;
  if (manifest.format !== 'apollo-persisted-query-manifest' || manifest.version !== 1 || !Array.isArray(manifest.operations)) {
    throw new ManifestError(`${file} is not an Apollo persisted query manifest (version 1)`);
  }
  return manifest;
}
