import fs from 'node:fs';
import path from 'node:path';
import { startGateway } from '../gateway/gateway-server';
import { fromProjectRoot } from '../platform/project-root';
import { createTestSystems, type TestSystems } from './support/backends';
import { startTestStack, testGatewayConfig, testLogger } from './support/test-stack';

const ROOT = fromProjectRoot();

/** Where the final stage of the Dockerfile puts what it copies from the build stage, relative to /app. */
function copiedIntoImage(dockerfile: string): string[] {
  const stages = dockerfile.split(/^FROM /m);
  return [...stages[stages.length - 1].matchAll(/^COPY --from=build \/app\/(\S*) \.\/(\S*)$/gm)].map(([, source, target]) =>
    path.posix.normalize(target || source).replace(/\/$/, ''),
  );
}

const within = (file: string, folder: string) => file === folder || file.startsWith(`${folder}/`);

/** Every file and folder of the project that `run` reads or lists (node_modules aside), relative to the project root. */
async function projectPathsReadBy(run: () => Promise<void>): Promise<string[]> {
  // A spy calls the real function and keeps each call's arguments.
  const spies = [
    ...(['readFileSync', 'readdirSync', 'existsSync', 'statSync', 'openSync'] as const).map((name) => jest.spyOn(fs, name)),
    jest.spyOn(fs.promises, 'readFile'),
  ];
  let calls: unknown[][];
  try {
    await run();
  } finally {
    // Restoring a spy forgets its calls.
    calls = spies.flatMap((spy) => spy.mock.calls as unknown[][]);
    for (const spy of spies) spy.mockRestore();
  }
  const read = new Set<string>();
  for (const [target] of calls) {
    if (typeof target !== 'string' && !(target instanceof URL)) continue;
    const relative = path.relative(ROOT, path.resolve(target instanceof URL ? target.pathname : target));
    if (!relative.startsWith('..') && !path.isAbsolute(relative) && !within(relative, 'node_modules')) read.add(relative);
  }
  return [...read].sort();
}

describe('the production image', () => {
  let systems: TestSystems;

  beforeAll(async () => {
    systems = await createTestSystems('sqlite', 3);
  });

  afterAll(async () => {
    await systems?.drop();
  });

  it('holds every file any service reads at start (seed, records API, subgraphs, gateway); the build context keeps them all', async () => {
    const read = await projectPathsReadBy(async () => {
      const gateway = await startGateway(testGatewayConfig(systems), testLogger('gateway'));
      await gateway.stop();
      const seeded = await createTestSystems('sqlite', 3);
      try {
        const stack = await startTestStack(seeded);
        await stack.stop();
      } finally {
        await seeded.drop();
      }
    });
    // The reads this test must see, or it proves nothing (the spies would have missed them).
    expect(read).toEqual(expect.arrayContaining(['persisted-operations', 'policy/policy.yaml', 'schema/supergraph.graphql']));

    const copied = copiedIntoImage(fs.readFileSync(fromProjectRoot('Dockerfile'), 'utf8'));
    expect(copied).toEqual(expect.arrayContaining(['dist', 'node_modules', 'package.json']));
    expect(read.filter((file) => !copied.some((folder) => within(file, folder)))).toEqual([]);

    const ignored = fs
      .readFileSync(fromProjectRoot('.dockerignore'), 'utf8')
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line !== '' && !line.startsWith('#'));
    expect(read.filter((file) => ignored.some((pattern) => within(file, pattern)))).toEqual([]);
  });

  it('runs as a user other than root, with a health check, on the Node the project is tested with', () => {
    const dockerfile = fs.readFileSync(fromProjectRoot('Dockerfile'), 'utf8');
    const final = dockerfile.split(/^FROM /m).at(-1)!;
    expect(final).toMatch(/^node:20-/);
    expect(process.versions.node.split('.')[0]).toBe('20');
    expect(final).toMatch(/^USER node$/m);
    expect(final).toMatch(/^HEALTHCHECK .*\n?.*\/health/m);
  });
});
