import type { Logger } from '../../platform/logger';
import { clientFolders, manifestPath, readManifest } from './manifest';
import type { PersistedOperation } from '../../contracts/persisted-operation';
import { existsSync } from 'node:fs';

/**
 * The registered operations of every client, from their manifests. `reload()` swaps
 * the whole registry at once, so a request in flight keeps the operation it found.
 */
export class PersistedOperations {
  private byClient = new Map<string, Map<string, PersistedOperation>>();

  constructor(
    private readonly dir: string,
    private readonly logger: Logger,
  ) {
    this.reload();
  }

  reload(): void {
    const next = new Map<string, Map<string, PersistedOperation>>();
    for (const { clientId, dir } of clientFolders(this.dir)) {
      const file = manifestPath(dir);
      if (!existsSync(file)) continue;
      next.set(clientId, new Map(readManifest(file).operations.map((operation) => [operation.id, operation])));
    }
    this.byClient = next;
    this.logger.info(
      { clients: [...next.keys()], operations: [...next.values()].reduce((n, ops) => n + ops.size, 0) },
      'persisted operations loaded',
    );
  }

  /** Only the client's own operations: another client's id is as unknown as a made-up one. */
  find(clientId: string, id: string): PersistedOperation | undefined {
    return this.byClient.get(clientId)?.get(id);
  }
}
