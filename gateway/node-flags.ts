import { readFileSync } from 'node:fs';
import { fromProjectRoot } from '../platform/project-root';

/**
 * The Node.js flags `npm run start:gateway` starts the gateway with: a heap cap. Without
 * one, V8 on a large machine lets the heap grow to several times what is live before it
 * collects, and under 50 clients the gateway's RSS with it (≈ 300 MB instead of ≈ 170 MB,
 * for the same CPU). The bench and the soak start the gateway with these same flags, so
 * they measure what production runs.
 */
export function gatewayNodeFlags(): string[] {
  const script: string = JSON.parse(readFileSync(fromProjectRoot('package.json'), 'utf8')).scripts['start:gateway'];
  const flags = /\bnode ((?:--\S+ )*)dist\/gateway\/index\.js/.exec(script)?.[1] ?? '';
  return flags.split(' ').filter(Boolean);
}
