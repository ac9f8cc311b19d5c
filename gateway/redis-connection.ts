import Keyv from 'keyv';
import type { Logger } from '../platform/logger';

interface RedisConnection {
  /** The node-redis client, shared by everything in this process that uses Redis. */
  client: object;
  /** Automatic persisted queries, shared by every replica. */
  apqCache: Keyv;
  disconnect: () => Promise<void>;
}

/**
 * One Redis connection per gateway process (REDIS_URL), for the APQ cache and the rate
 * limits. The client module is loaded only when configured: most deployments never need it.
 */
export async function connectRedis(url: string, logger: Logger): Promise<RedisConnection> {
  const { default: KeyvRedis } = await import('@keyv/redis');
  const store = new KeyvRedis(url);
  const client = store.client;
  // Without a listener an error event would end the process; node-redis reconnects by itself.
  client.on('error', (error: unknown) => logger.warn({ err: error }, 'redis connection problem'));
  if (!client.isOpen) await client.connect();
  // Keys are Apollo's own ("apq:<sha256>"); a Keyv namespace on top breaks reads with keyv 5.
  const apqCache = new Keyv({ store, useKeyPrefix: false });
  return { client, apqCache, disconnect: () => apqCache.disconnect() };
}
