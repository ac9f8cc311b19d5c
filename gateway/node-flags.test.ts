import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fromProjectRoot } from '../platform/project-root';
import { gatewayNodeFlags } from './node-flags';

describe('gatewayNodeFlags', () => {
  it('reads the heap sizes and garbage collector `npm run start:gateway` runs the gateway with', () => {
    expect(gatewayNodeFlags()).toEqual(['--max-old-space-size=512', '--max-semi-space-size=32']);
  });

  it('are the flags the container and docker-compose run the gateway with', () => {
    const command = JSON.stringify(['node', ...gatewayNodeFlags(), 'dist/gateway/index.js']).replaceAll(',', ', ');
    expect(readFileSync(fromProjectRoot('Dockerfile'), 'utf8')).toContain(`CMD ${command}`);
    expect(readFileSync(fromProjectRoot('docker-compose.yml'), 'utf8')).toContain(`command: ${command}`);
  });

  it('caps the heap of a node process started with them', () => {
    const limitMB = Number(
      execFileSync(process.execPath, [
        ...gatewayNodeFlags(),
        '-e',
        'process.stdout.write(String(require("v8").getHeapStatistics().heap_size_limit / 2 ** 20))',
      ]).toString(),
    );
    // The old generation's cap plus the young generation (V8 counts three semi-spaces' worth).
    expect(limitMB).toBeLessThanOrEqual(512 + 3 * 32);
  });
});
