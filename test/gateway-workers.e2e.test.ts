import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { connectDatabase } from '../platform/database';
import { childProcessIds } from '../platform/process-tree';
import type { Stack } from '../scripts/start-stack';
import { createTestSystems, type TestSystems } from './support/backends';
import { describeMysql } from './support/mysql';
import { spawnEntryPoint, waitFor } from './support/processes';
import { postGraphQL, startTestStack, TEST_IDENTITY, TEST_INTERNAL_SECRET, tokenFor } from './support/test-stack';

/** The gateway's own entry point (what `npm run start:gateway` runs), as a process of its own. */
function startGatewayProcess(stack: Stack, systems: TestSystems, spoolFile: string, workers: string): ChildProcessWithoutNullStreams {
  return spawnEntryPoint('gateway/index.ts', {
    LOG_LEVEL: 'info',
    GATEWAY_PORT: '0',
    GATEWAY_WORKERS: workers,
    CRM_URL: stack.crm.url,
    ARCHIVE_URL: stack.archive.url,
    ANALYTICS_URL: stack.analytics.url,
    PRIVACY_URL: stack.privacy.url,
    JWT_SECRET: TEST_IDENTITY.secret!,
    JWT_ISSUER: TEST_IDENTITY.issuer,
    JWT_AUDIENCE: TEST_IDENTITY.audience,
    INTERNAL_TOKEN_SECRET: TEST_INTERNAL_SECRET,
    AUDIT_DATABASE_URL: systems.audit.databaseUrl,
    AUDIT_SPOOL_FILE: spoolFile,
  });
}

describeMysql('the gateway with GATEWAY_WORKERS', () => {
  let systems: TestSystems;
  let stack: Stack;
  let dir: string;

  beforeAll(async () => {
    systems = await createTestSystems('mysql', 50);
    stack = await startTestStack(systems);
    dir = mkdtempSync(path.join(os.tmpdir(), 'gateway-workers-'));
  });

  afterAll(async () => {
    await stack?.stop();
    await systems?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('serves from every worker, replaces a worker that dies, and on SIGTERM stops them all with every audit record written', async () => {
    const child = startGatewayProcess(stack, systems, path.join(dir, 'spool.jsonl'), '2');
    let stdout = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stdout += chunk));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    try {
      const listening = () => [...stdout.matchAll(/"url":"(http:[^"]+)"/g)].map((m) => m[1]);
      const url = await waitFor(() => (listening().length >= 2 ? listening()[0] : undefined));
      expect(new Set(listening())).toEqual(new Set([url]));
      const workers = await waitFor(() => (childProcessIds(child.pid!).length === 2 ? childProcessIds(child.pid!) : undefined));

      const token = await tokenFor('support_agent', { subject: 'workers-test' });
      const ask = () => postGraphQL(url, '{ customers(first: 3) { nodes { id name } } }', undefined, token);
      const first = await Promise.all(Array.from({ length: 20 }, ask));
      for (const response of first)
        expect(response.body).toEqual({
          data: { customers: { nodes: expect.arrayContaining([expect.objectContaining({ name: expect.any(String) })]) } },
        });

      const servedBy = () => new Set([...stdout.matchAll(/"worker":(\d+)[^\n]*"msg":"graphql request"/g)].map((m) => Number(m[1])));
      await waitFor(() => (servedBy().size === 2 ? true : undefined));
      expect(servedBy()).toEqual(new Set([1, 2]));

      process.kill(workers[0], 'SIGKILL');
      const replaced = await waitFor(() => {
        const now = childProcessIds(child.pid!);
        return now.length === 2 && !now.includes(workers[0]) ? now : undefined;
      });
      expect(replaced).toContain(workers[1]);
      await waitFor(() => (listening().length >= 3 ? true : undefined));
      const second = await Promise.all(Array.from({ length: 20 }, ask));
      for (const response of second) expect(response.body.errors).toBeUndefined();

      child.kill('SIGTERM');
      expect(await exited).toBe(0);
      for (const pid of replaced) expect(() => process.kill(pid, 0)).toThrow();
      // One record per request; those of the killed worker's last moments may be lost, the rest are written.
      const audit = connectDatabase(systems.audit.databaseUrl);
      try {
        const row = await audit('audit_operations').where({ subject: 'workers-test' }).count({ n: '*' }).first();
        expect(Number(row?.n)).toBeGreaterThanOrEqual(20);
      } finally {
        await audit.destroy();
      }
    } finally {
      child.kill('SIGKILL');
    }
  });
});
