import { existsSync } from 'node:fs';
import path from 'node:path';

/**
 * The folder holding package.json, whether the code runs from its TypeScript
 * sources or from the compiled copy in dist/.
 */
function projectRoot(): string {
  let dir = __dirname;
  while (!existsSync(path.join(dir, 'package.json')) || path.basename(dir) === 'dist') {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`package.json not found above ${__dirname}`);
    dir = parent;
  }
  return dir;
}

export function fromProjectRoot(...segments: string[]): string {
  return path.join(projectRoot(), ...segments);
}
