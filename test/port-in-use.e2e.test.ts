import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type AddressInfo, type Server } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { EnvReader } from '../platform/env-reader';
import { readStackConfig, startStack } from '../scripts/start-stack';
import { testLogger } from './support/test-stack';

const PORT_VARIABLES = ['GATEWAY_PORT', 'CRM_PORT', 'ARCHIVE_PORT', 'ANALYTICS_PORT', 'PRIVACY_PORT', 'ARCHIVE_API_PORT'];

describe('a port already in use', () => {
  let dir: string;
  let busy: Server;
  let port: number;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'customer-graph-ports-'));
    busy = createServer();
    await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve));
    port = (busy.address() as AddressInfo).port;
  });

  afterAll(async () => {
    await new Promise((resolve) => busy.close(resolve));
    rmSync(dir, { recursive: true, force: true });
  });

  /** The whole stack from an environment, every port free (0) but one. */
  function environment(taken: string): EnvReader {
    const ports = Object.fromEntries(PORT_VARIABLES.map((name) => [name, name === taken ? String(port) : '0']));
    return new EnvReader({
      ...ports,
      OLTP_DATABASE_URL: `sqlite:${path.join(dir, 'oltp.sqlite')}`,
      ARCHIVE_DATABASE_URL: `sqlite:${path.join(dir, 'archive.sqlite')}`,
      WAREHOUSE_DATABASE_URL: `sqlite:${path.join(dir, 'warehouse.sqlite')}`,
      AUDIT_DATABASE_URL: `sqlite:${path.join(dir, 'audit.sqlite')}`,
      AUDIT_SPOOL_FILE: path.join(dir, 'audit-spool.jsonl'),
    });
  }

  it.each([
    ['gateway', 'GATEWAY_PORT'],
    ['crm', 'CRM_PORT'],
    ['archive', 'ARCHIVE_PORT'],
    ['analytics', 'ANALYTICS_PORT'],
    ['privacy', 'PRIVACY_PORT'],
    ['archive-api', 'ARCHIVE_API_PORT'],
  ])('stops the stack and names the variable when the %s port (%s) is taken', async (service, variable) => {
    const env = environment(variable);
    const config = readStackConfig(env);
    env.assertValid();
    await expect(startStack(config, testLogger)).rejects.toThrow(
      `${service}: port ${port} is already in use; set ${variable} to another port`,
    );
  });
});
