import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fromProjectRoot } from '../platform/project-root';

/** The formatter's line width (biome.jsonc); it does not break strings and comments, so this test holds them to it. */
const MAX_LINE = 140;

describe('source lines', () => {
  it(`keeps every line of the tracked TypeScript and JavaScript files within ${MAX_LINE} characters`, () => {
    const root = fromProjectRoot();
    const files = execFileSync('git', ['ls-files', '-z', '--', '*.ts', '*.js', '*.mjs', '*.cjs'], { cwd: root, encoding: 'utf8' })
      .split('\0')
      .filter((file) => file !== '' && existsSync(path.join(root, file)));
    expect(files).toContain('platform/project-root.ts');
    const long = files.flatMap((file) =>
      readFileSync(path.join(root, file), 'utf8')
        .split(/\r?\n/)
        .flatMap((line, i) => (line.length > MAX_LINE ? [`${file}:${i + 1}`] : [])),
    );
    expect(long).toEqual([]);
  });
});
