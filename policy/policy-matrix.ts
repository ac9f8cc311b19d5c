import { readFileSync } from 'node:fs';
import { parse } from 'graphql';
import type { GoldenRow } from './access-golden';
import { type Category, fieldRulesFromSdl } from './field-rules';

const CATEGORIES: Category[] = ['IDENTITY', 'CONTACT', 'FINANCIAL', 'BEHAVIOURAL', 'PROFILING', 'RISK'];

/**
 * The role × category matrix of the README, summarised from the reviewed golden table
 * (policy/access-golden.txt), with each coordinate's category from the supergraph, so the
 * documentation says what the table says (and the table is what the tests hold everything to).
 */
export function policyMatrix(table: GoldenRow[], supergraphPath: string): string {
  const rules = fieldRulesFromSdl(parse(readFileSync(supergraphPath, 'utf8')));
  const roles = [...new Set(table.map((row) => row.role))];
  const header = `| role | purposes | ${CATEGORIES.map((c) => c.toLowerCase()).join(' | ')} |`;
  const divider = `|---|---|${CATEGORIES.map(() => '---').join('|')}|`;
  const lines = roles.map((role) => {
    const rows = table.filter((row) => row.role === role);
    const purposes = [...new Set(rows.map((row) => row.purpose))];
    const cells = CATEGORIES.map((category) => {
      // Reads only: a Mutation's row says who may send it, which is no category of data read.
      const fields = [...rules]
        .filter(([coordinate, rule]) => rule.category === category && !coordinate.startsWith('Mutation.'))
        .map(([coordinate]) => coordinate);
      const readableRows = rows.filter((row) => row.readable && fields.includes(row.coordinate));
      const readable = new Set(readableRows.map((row) => row.coordinate));
      if (readable.size === 0) return '—';
      const notes = [
        readableRows.some((row) => row.masked) ? 'masked' : '',
        readableRows.some((row) => row.consentTopic) ? 'consent' : '',
      ].filter(Boolean);
      const extent = readable.size === fields.length ? 'all' : `${readable.size}/${fields.length}`;
      return notes.length > 0 ? `${extent} (${notes.join(', ')})` : extent;
    });
    return `| ${role} | ${purposes.join(', ')} | ${cells.join(' | ')} |`;
  });
  return [header, divider, ...lines].join('\n');
}
