// Builds dist/ with `tsc -p tsconfig.build.json` only when it is stale: when a compiled input
// (every file tsconfig.build.json includes), a tsconfig file or package-lock.json changed since
// the last successful build, or an input was added, removed or renamed. After a build, files in
// dist/ that the build did not write (left by a deleted or moved source) are removed.
// Plain JavaScript, so that it runs before anything is compiled.
//
//   node scripts/build-if-stale.mjs           build if stale, otherwise do nothing (and print nothing)
//   node scripts/build-if-stale.mjs --force   build whatever the stamp says
//
// The stamp (dist/.build-stamp.json) records the modification time of every input, config file
// and folder the inputs come from, as seen before the build. When none changed, dist/ is current
// and TypeScript is not even loaded. When only a folder changed (a file was added or removed
// there, perhaps a test), TypeScript lists the inputs again to tell whether a build is needed.
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, rmdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const project = path.join(root, 'tsconfig.build.json');
const stampFile = path.join(root, 'dist', '.build-stamp.json');
const require = createRequire(import.meta.url);

function fail(message) {
  process.stderr.write(`build-if-stale: ${message}\n`);
  process.exit(1);
}

/** null for a file that is not there (recorded so, its appearing is a change too). */
function mtimeOf(file) {
  try {
    return statSync(path.resolve(root, file)).mtimeMs;
  } catch {
    return null;
  }
}

/** Each file (relative to the project) with its modification time. */
function mtimes(files) {
  return Object.fromEntries(files.map((file) => [path.relative(root, file), mtimeOf(file)]));
}

/** The first entry whose file changed (or is gone) since the times were recorded. */
function firstChanged(recorded) {
  return Object.entries(recorded ?? {}).find(([file, mtime]) => mtimeOf(file) !== mtime)?.[0];
}

function sameKeys(a, b) {
  return JSON.stringify(Object.keys(a).sort()) === JSON.stringify(Object.keys(b ?? {}).sort());
}

/** The build as TypeScript reads it: outDir, the inputs, their config files and the folders they are picked from. */
function readProject() {
  const ts = require('typescript');
  const message = (diagnostic) => ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n');
  const host = { ...ts.sys, onUnRecoverableConfigFileDiagnostic: (diagnostic) => fail(message(diagnostic)) };
  const parsed = ts.getParsedCommandLineOfConfigFile(project, {}, host);
  if (parsed.errors.length > 0) fail(parsed.errors.map(message).join('\n'));
  const outDir = path.resolve(root, parsed.options.outDir ?? fail('tsconfig.build.json names no outDir'));
  // Orphans are removed from outDir: it must be the folder the stamp is in, inside the project, holding no source.
  if (outDir !== path.dirname(stampFile)) fail(`outDir is ${outDir}; this script builds into ${path.dirname(stampFile)}`);
  const inputs = parsed.fileNames.map((file) => path.resolve(file)).sort();
  if (inputs.some((file) => file.startsWith(`${outDir}${path.sep}`))) fail(`outDir ${outDir} holds sources`);

  const configs = [project];
  for (let extended = ts.readConfigFile(project, ts.sys.readFile).config?.extends; typeof extended === 'string'; ) {
    const next = path.resolve(path.dirname(configs.at(-1)), extended.endsWith('.json') ? extended : `${extended}.json`);
    configs.push(next);
    extended = ts.readConfigFile(next, ts.sys.readFile).config?.extends;
  }
  configs.push(path.join(root, 'package-lock.json'));

  const folders = [];
  const walk = (dir, recursive) => {
    folders.push(dir);
    if (!recursive) return;
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const sub = path.join(dir, entry.name);
      if (entry.isDirectory() && entry.name !== 'node_modules' && sub !== outDir) walk(sub, true);
    }
  };
  for (const [dir, flags] of Object.entries(parsed.wildcardDirectories ?? {})) walk(dir, (flags & ts.WatchDirectoryFlags.Recursive) !== 0);
  for (const file of inputs) if (!folders.includes(path.dirname(file))) folders.push(path.dirname(file));
  return { outDir, inputs, configs, folders };
}

/** Runs tsc; returns the files it wrote. Its messages go to stderr, so `$(npm run -s token)` captures only the token. */
function compile() {
  const tsc = path.join(path.dirname(require.resolve('typescript/package.json')), 'bin', 'tsc');
  const result = spawnSync(process.execPath, [tsc, '-p', project, '--listEmittedFiles'], { cwd: root, encoding: 'utf8' });
  const emitted = [];
  for (const line of (result.stdout ?? '').split('\n')) {
    if (line.startsWith('TSFILE: ')) emitted.push(path.resolve(line.slice('TSFILE: '.length)));
    else if (line.trim() !== '') process.stderr.write(`${line}\n`);
  }
  process.stderr.write(result.stderr ?? '');
  if (result.status !== 0) fail(`the build failed (tsc exited with ${result.status ?? result.signal})`);
  if (emitted.length === 0) fail('tsc wrote nothing');
  return emitted;
}

/** Removes what the build did not write (but the stamp), and folders left empty. */
function removeOrphans(dir, keep) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      removeOrphans(file, keep);
      if (readdirSync(file).length === 0) rmdirSync(file);
    } else if (!keep.has(file)) {
      rmSync(file, { force: true });
    }
  }
}

function readStamp() {
  try {
    const stamp = JSON.parse(readFileSync(stampFile, 'utf8'));
    const recorded = ['inputs', 'configs', 'folders'].every((key) => typeof stamp?.[key] === 'object') && Array.isArray(stamp.outputs);
    return recorded ? stamp : undefined;
  } catch {
    return undefined;
  }
}

/** Why dist/ must be built, as far as the stamp tells without TypeScript; undefined when it tells none. */
function staleness(stamp) {
  if (!stamp) return 'no build yet';
  const changed = firstChanged(stamp.configs) ?? firstChanged(stamp.inputs);
  if (changed) return `${changed} ${mtimeOf(changed) === null ? 'was removed' : 'changed'}`;
  const missing = stamp.outputs.find((file) => mtimeOf(file) === null);
  return missing && `${missing} is missing`;
}

const force = process.argv.includes('--force');
const stamp = force ? undefined : readStamp();
// The fast answer: nothing recorded changed and every file the last build wrote is there.
let reason = force ? undefined : staleness(stamp);
if (stamp && reason === undefined && firstChanged(stamp.folders) === undefined) process.exit(0);

// Times are taken before the build: a file saved while tsc runs makes the next run build again.
const { outDir, inputs, configs, folders } = readProject();
const next = { configs: mtimes(configs), inputs: mtimes(inputs), folders: mtimes(folders) };
if (stamp && reason === undefined) {
  // Only folders changed, and not which files are compiled from them: dist/ is current.
  if (sameKeys(next.inputs, stamp.inputs)) {
    writeFileSync(stampFile, `${JSON.stringify({ ...stamp, folders: next.folders })}\n`);
    process.exit(0);
  }
  reason = 'sources were added, removed or renamed';
}
if (reason) process.stderr.write(`building dist/ (${reason})…\n`);
const emitted = compile();
removeOrphans(outDir, new Set([...emitted, stampFile]));
writeFileSync(stampFile, `${JSON.stringify({ ...next, outputs: emitted.map((file) => path.relative(root, file)) })}\n`);
