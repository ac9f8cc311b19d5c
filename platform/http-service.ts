import type { Duplex } from 'node:stream';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Express } from 'express';
import type { Logger } from './logger';
import { flushTracing } from './tracing';
import { ErrorCode } from '../contracts/error-codes';
import { errorEnvelope } from '../contracts/error-envelope';

export interface RunningService {
  name: string;
  url: string;
  port: number;
  /** Stops accepting connections, lets in-flight requests finish, then closes. */
  stop(): Promise<void>;
}

interface ServiceOptions {
  name: string;
  app: Express;
  port: number;
  /** The variable that sets `port` (e.g. CRM_PORT): named when the port is taken. */
  portVariable?: string;
  host?: string;
  logger: Logger;
  /** Runs after the HTTP server stopped accepting requests (close pools, flush buffers). */
  onStop?: () => Promise<void>;
  /** How long in-flight requests may take to finish before their sockets are closed. */
  drainTimeoutMs?: number;
  /** Path appended to the base URL in `url` (e.g. /graphql). */
  path?: string;
}

/** Another process listens on the port: the message says which variable moves this service elsewhere. */
export class PortInUseError extends Error {
  constructor(service: string, port: number, portVariable?: string) {
    super(`${service}: port ${port} is already in use${portVariable ? `; set ${portVariable} to another port` : ''}`);
    this.name = 'PortInUseError';
  }
}

/**
 * Listens on a port (0 = any free one) and returns a handle that shuts down gracefully.
 * A port already in use rejects with a PortInUseError, after `onStop` released what the service holds.
 */
export async function startHttpService(options: ServiceOptions): Promise<RunningService> {
  const server = http.createServer(options.app);
  // Keep-alive longer than typical load balancers' idle timeout avoids races on reused sockets.
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  server.on('clientError', answerClientError);
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port, options.host ?? '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (error) {
    await options.onStop?.().catch(() => undefined);
    if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') throw new PortInUseError(options.name, options.port, options.portVariable);
    throw error;
  }
  server.on('error', (error) => options.logger.error({ err: error }, `${options.name} server error`));
  const { port } = server.address() as AddressInfo;
  const host = options.host && options.host !== '0.0.0.0' ? options.host : '127.0.0.1';
  const url = `http://${host}:${port}${options.path ?? ''}`;
  options.logger.info({ url }, `${options.name} listening`);

  let stopping: Promise<void> | undefined;
  const stop = () => {
    stopping ??= (async () => {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      // Keep-alive sockets become idle as their last response finishes; close each as soon as it does.
      server.closeIdleConnections();
      const sweeper = setInterval(() => server.closeIdleConnections(), 25);
      const deadline = setTimeout(() => server.closeAllConnections(), options.drainTimeoutMs ?? 10_000);
      await closed;
      clearInterval(sweeper);
      clearTimeout(deadline);
      await options.onStop?.();
      options.logger.info(`${options.name} stopped`);
    })();
    return stopping;
  };
  return { name: options.name, url, port, stop };
}

/** Stops the given services, last started first, on SIGINT or SIGTERM. */
export function stopOnSignals(services: () => RunningService[], logger: Logger): void {
  let signalled = false;
  const handler = async (signal: NodeJS.Signals) => {
    if (signalled) return;
    signalled = true;
    logger.info({ signal }, 'shutting down');
    for (const service of [...services()].reverse()) {
      await service.stop().catch((error: unknown) => logger.error({ err: error }, `stopping ${service.name} failed`));
    }
    await flushTracing().catch((error: unknown) => logger.warn({ err: error }, 'traces not sent'));
    process.exit(0);
  };
  process.once('SIGINT', handler);
  process.once('SIGTERM', handler);
}

/**
 * Requests Node refuses before express sees them (headers over the size limit, malformed
 * HTTP) get a GraphQL-shaped JSON error instead of Node's empty answer.
 */
function answerClientError(error: NodeJS.ErrnoException, socket: Duplex): void {
  if (!socket.writable || (error as { code?: string }).code === 'ECONNRESET') return void socket.destroy();
  const tooLarge = error.code === 'HPE_HEADER_OVERFLOW';
  const status = tooLarge ? '431 Request Header Fields Too Large' : '400 Bad Request';
  const body = JSON.stringify(
    errorEnvelope(ErrorCode.BadRequest, tooLarge ? 'The request headers are too large' : 'The request is not valid HTTP'),
  );
  socket.end(
    [
      `HTTP/1.1 ${status}`,
      'content-type: application/json',
      `content-length: ${Buffer.byteLength(body)}`,
      'connection: close',
      '',
      body,
    ].join('\r\n'),
  );
}
