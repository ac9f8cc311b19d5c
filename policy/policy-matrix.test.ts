import { readFileSync } from 'node:fs';
import { DEFAULT_SUPERGRAPH_PATH } from '../platform/supergraph-file';
import { fromProjectRoot } from '../platform/project-root';
import { loadGoldenTable } from './access-golden';
import { policyMatrix } from './policy-matrix';

describe('the README role × category matrix', () => {
  it('is what the golden access table says (run `npm run -s policy:matrix` and paste if this fails)', () => {
    const readme = readFileSync(fromProjectRoot('README.md'), 'utf8');
    const copy = /<!-- policy-matrix:start -->\n([\s\S]*?)\n<!-- policy-matrix:end -->/.exec(readme)?.[1];
    expect(copy).toBe(policyMatrix(loadGoldenTable(), DEFAULT_SUPERGRAPH_PATH));
  });

  it('shows masking and consent where the rules apply them', () => {
    const matrix = policyMatrix(loadGoldenTable(), DEFAULT_SUPERGRAPH_PATH);
    expect(matrix).toMatch(/\| support_agent \| customer_service \| \d+\/\d+ \| all \(masked\) \| all \(masked\) \|/);
    expect(matrix).toMatch(/\| marketing \| marketing \| [^|]+ \| all \(consent\) \|/);
    // The architect reads one classified field, the data inventory (coordinates and counts, no customer's value).
    expect(matrix).toMatch(/\| architect \| schema_exploration \| — \| — \| — \| 1\/14 \| — \| — \|/);
  });
});
