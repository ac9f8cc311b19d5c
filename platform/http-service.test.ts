import { createServer, type Server } from 'node:net';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { PortInUseError, startHttpService } from './http-service';
import { createLogger } from './logger';

/** Another process's listener on 127.0.0.1, holding a port. */
async function occupyPort(): Promise<{ port: number; release: () => Promise<void> }> {
  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    release: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

const logger = createLogger('test', 'silent');

describe('startHttpService on a port already in use', () => {
  let busy: Awaited<ReturnType<typeof occupyPort>>;

  beforeEach(async () => {
    busy = await occupyPort();
  });

  afterEach(() => busy.release());

  it('names the variable that sets the port', async () => {
    const started = startHttpService({ name: 'crm', app: express(), port: busy.port, portVariable: 'CRM_PORT', logger });
    await expect(started).rejects.toThrow(new PortInUseError('crm', busy.port, 'CRM_PORT'));
    await expect(started).rejects.toThrow(`crm: port ${busy.port} is already in use; set CRM_PORT to another port`);
  });

  it('names only the port when no variable sets it', async () => {
    await expect(startHttpService({ name: 'archive-api', app: express(), port: busy.port, logger })).rejects.toThrow(
      `archive-api: port ${busy.port} is already in use`,
    );
  });

  it('releases what the service holds (onStop) before it fails', async () => {
    const onStop = jest.fn(async () => undefined);
    await expect(
      startHttpService({ name: 'crm', app: express(), port: busy.port, portVariable: 'CRM_PORT', logger, onStop }),
    ).rejects.toThrow(PortInUseError);
    expect(onStop).toHaveBeenCalledTimes(1);
  });
});
