import { readFileSync } from 'node:fs';
import { fromProjectRoot } from './project-root';
import { nodeFlagsOf, serviceNodeFlags } from './node-flags';

const SERVICES: Record<string, string> = {
  'start:crm': 'dist/subgraphs/crm/index.js',
  'start:archive': 'dist/subgraphs/archive/index.js',
  'start:analytics': 'dist/subgraphs/analytics/index.js',
  'start:privacy': 'dist/subgraphs/privacy/index.js',
  'start:archive-api': 'dist/systems/archive/api/index.js',
};

describe('the subgraphs and the records API node flags', () => {
  it('are a young generation of 32 MB per semi-space', () => {
    expect(serviceNodeFlags()).toEqual(['--max-semi-space-size=32']);
  });

  it('are the same in every service start script and in every service command of docker-compose.yml', () => {
    const compose = readFileSync(fromProjectRoot('docker-compose.yml'), 'utf8');
    for (const [script, entry] of Object.entries(SERVICES)) {
      expect([script, nodeFlagsOf(script)]).toEqual([script, serviceNodeFlags()]);
      const command = JSON.stringify(['node', ...serviceNodeFlags(), entry]).replaceAll(',', ', ');
      expect(compose).toContain(`command: ${command}`);
    }
  });

  it('name a script that exists', () => {
    expect(() => nodeFlagsOf('start:nothing')).toThrow('package.json has no script start:nothing');
  });
});
