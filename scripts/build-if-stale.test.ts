import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fromProjectRoot } from '../platform/project-root';

/** A small project of its own with a copy of the script, so each step compiles two files, not the product. */
function project() {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'build-if-stale-'));
  mkdirSync(path.join(dir, 'scripts'));
  mkdirSync(path.join(dir, 'node_modules'));
  mkdirSync(path.join(dir, 'src'));
  copyFileSync(fromProjectRoot('scripts', 'build-if-stale.mjs'), path.join(dir, 'scripts', 'build-if-stale.mjs'));
  symlinkSync(fromProjectRoot('node_modules', 'typescript'), path.join(dir, 'node_modules', 'typescript'));
  const write = (file: string, text: string) => writeFileSync(path.join(dir, file), text);
  write(
    'tsconfig.json',
    JSON.stringify({
      compilerOptions: {
        module: 'commonjs',
        lib: ['es2022'],
        types: [],
        skipLibCheck: true,
        outDir: 'dist',
        rootDir: '.',
        sourceMap: true,
      },
      include: ['src'],
    }),
  );
  write(
    'tsconfig.build.json',
    JSON.stringify({ extends: './tsconfig.json', compilerOptions: { noEmitOnError: true }, exclude: ['dist', '**/*.test.ts'] }),
  );
  write('src/main.ts', "import { two } from './two';\nexport const four = two * 2;\n");
  write('src/two.ts', 'export const two = 2;\n');
  let tick = Date.now() / 1000 + 10;
  return {
    dir,
    write,
    /** A later modification time than any before, however coarse the file system's clock. */
    touch: (file: string) => {
      tick += 10;
      utimesSync(path.join(dir, file), tick, tick);
    },
    built: (file: string) => existsSync(path.join(dir, 'dist', file)),
    run: (...args: string[]) => {
      const result = spawnSync(process.execPath, [path.join(dir, 'scripts', 'build-if-stale.mjs'), ...args], { encoding: 'utf8' });
      return { status: result.status, stdout: result.stdout, stderr: result.stderr };
    },
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** One project through the life of a working tree: each step starts from where the previous one left it. */
describe('build-if-stale', () => {
  let p: ReturnType<typeof project>;

  beforeAll(() => {
    p = project();
  });

  afterAll(() => p.remove());

  it('builds once, then does nothing and prints nothing while nothing changed', () => {
    expect(p.run()).toEqual({ status: 0, stdout: '', stderr: 'building dist/ (no build yet)…\n' });
    expect(p.built('src/main.js') && p.built('src/two.js.map')).toBe(true);
    expect(p.run()).toEqual({ status: 0, stdout: '', stderr: '' });
  });

  it('does not build for a file the build excludes (a test)', () => {
    p.write('src/two.test.ts', 'export {};\n');
    expect(p.run()).toEqual({ status: 0, stdout: '', stderr: '' });
    expect(p.built('src/two.test.js')).toBe(false);
    expect(p.run()).toEqual({ status: 0, stdout: '', stderr: '' });
  });

  it('builds again when a source or a tsconfig file changed', () => {
    p.touch('src/two.ts');
    expect(p.run()).toEqual({ status: 0, stdout: '', stderr: 'building dist/ (src/two.ts changed)…\n' });
    p.touch('tsconfig.json');
    expect(p.run().stderr).toBe('building dist/ (tsconfig.json changed)…\n');
    expect(p.run().stderr).toBe('');
  });

  it('builds when a source was added, and removes what a deleted source left in dist/', () => {
    p.write('src/three.ts', 'export const three = 3;\n');
    expect(p.run().stderr).toBe('building dist/ (sources were added, removed or renamed)…\n');
    expect(p.built('src/three.js')).toBe(true);
    rmSync(path.join(p.dir, 'src', 'three.ts'));
    expect(p.run().stderr).toBe('building dist/ (src/three.ts was removed)…\n');
    expect(p.built('src/three.js') || p.built('src/three.js.map')).toBe(false);
    expect(p.built('src/two.js')).toBe(true);
  });

  it('builds when a file it wrote is missing from dist/', () => {
    rmSync(path.join(p.dir, 'dist', 'src', 'main.js'));
    expect(p.run().stderr).toBe('building dist/ (dist/src/main.js is missing)…\n');
    expect(p.built('src/main.js')).toBe(true);
  });

  it('fails on a type error with the compiler messages on stderr only, and builds once it is mended', () => {
    p.write('src/two.ts', "export const two: number = 'two';\n");
    const failed = p.run();
    expect(failed.status).toBe(1);
    expect(failed.stdout).toBe('');
    expect(failed.stderr).toContain("src/two.ts(1,14): error TS2322: Type 'string' is not assignable to type 'number'.");
    expect(failed.stderr).toMatch(/build-if-stale: the build failed \(tsc exited with 1\)\n$/);
    p.write('src/two.ts', 'export const two = 2;\n');
    expect(p.run()).toEqual({ status: 0, stdout: '', stderr: 'building dist/ (src/two.ts changed)…\n' });
  });

  it('always builds with --force, silently', () => {
    p.write('dist/orphan.js', '');
    expect(p.run('--force')).toEqual({ status: 0, stdout: '', stderr: '' });
    expect(p.built('orphan.js')).toBe(false);
    expect(p.built('src/main.js')).toBe(true);
  });
});
