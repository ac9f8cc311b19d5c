import { readFileSync } from 'node:fs';
import { fromProjectRoot } from '../platform/project-root';

/** Exported for the test that rewrites a copy of the table to check the reader's messages. */
export const ACCESS_GOLDEN_PATH = fromProjectRoot('policy', 'access-golden.txt');

const COLUMNS = ['role', 'purpose', 'coordinate', 'outcome', 'restriction'] as const;

/** What one role, serving one purpose, gets for one classified coordinate (a row of policy/access-golden.txt). */
export interface GoldenRow {
  role: string;
  purpose: string;
  /** `Type.field`. */
  coordinate: string;
  /** The row's `outcome` column as written. */
  outcome: string;
  /** False only for `forbidden`. */
  readable: boolean;
  /** Shown partially (`masked`, or `consent-required:<topic>+masked`). */
  masked: boolean;
  /** The consent topic the customer must have granted, for `consent-required:<topic>`. */
  consentTopic?: string;
  /** Null + PROCESSING_RESTRICTED while the customer's processing is restricted. */
  restricted: boolean;
  /** 1-based line in the file, for messages. */
  line: number;
}

class GoldenTableError extends Error {}

/** `role/purpose/Type.field`: one row's key. */
/** A row's key; exported for the tests that look rows up by role, purpose and coordinate. */
export const goldenKey = (role: string, purpose: string, coordinate: string) => `${role}/${purpose}/${coordinate}`;

/** Reads the reviewed golden table; any malformed or repeated row is an error that names its line. */
export function loadGoldenTable(path = ACCESS_GOLDEN_PATH): GoldenRow[] {
  const problems: string[] = [];
  const rows: GoldenRow[] = [];
  const seen = new Set<string>();
  let header = false;
  readFileSync(path, 'utf8')
    .split('\n')
    .forEach((text, index) => {
      const line = index + 1;
      if (text.trim() === '' || text.trimStart().startsWith('#')) return;
      const cells = text.trim().split(/\s+/);
      if (!header) {
        header = true;
        if (cells.join(' ') !== COLUMNS.join(' ')) problems.push(`line ${line}: the first row must name the columns ${COLUMNS.join(' ')}`);
        return;
      }
      if (cells.length !== COLUMNS.length) {
        problems.push(`line ${line}: expected ${COLUMNS.length} columns, got ${cells.length}`);
        return;
      }
      const [role, purpose, coordinate, outcome, restriction] = cells;
      const parsed = parseOutcome(outcome);
      if (!parsed) problems.push(`line ${line}: unknown outcome "${outcome}"`);
      if (!/^[A-Z]\w*\.\w+$/.test(coordinate)) problems.push(`line ${line}: "${coordinate}" is not a Type.field coordinate`);
      if (restriction !== 'restricted' && restriction !== '-')
        problems.push(`line ${line}: restriction must be "restricted" or "-", got "${restriction}"`);
      const key = goldenKey(role, purpose, coordinate);
      if (seen.has(key)) problems.push(`line ${line}: a second row for ${key}`);
      seen.add(key);
      if (parsed) rows.push({ role, purpose, coordinate, outcome, ...parsed, restricted: restriction === 'restricted', line });
    });
  if (problems.length > 0) throw new GoldenTableError(`Invalid golden table ${path}:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  return rows;
}

function parseOutcome(outcome: string): Pick<GoldenRow, 'readable' | 'masked' | 'consentTopic'> | undefined {
  if (outcome === 'visible') return { readable: true, masked: false };
  if (outcome === 'masked') return { readable: true, masked: true };
  if (outcome === 'forbidden') return { readable: false, masked: false };
  const consent = /^consent-required:([a-z_]+)(\+masked)?$/.exec(outcome);
  return consent ? { readable: true, masked: consent[2] !== undefined, consentTopic: consent[1] } : undefined;
}

/** The rows by `goldenKey`. */
export function goldenIndex(rows: GoldenRow[]): Map<string, GoldenRow> {
  return new Map(rows.map((row) => [goldenKey(row.role, row.purpose, row.coordinate), row]));
}
