import { readFileSync } from 'node:fs';
import { parse } from 'graphql';
import { consentNeeded, isMasked, mayRead } from './access';
import { type Category, fieldRulesFromSdl } from './field-rules';
import type { Policy } from './policy';

const CATEGORIES: Category[] = ['IDENTITY', 'CONTACT', 'FINANCIAL', 'BEHAVIOURAL', 'PROFILING', 'RISK'];

/**
 * The role × category matrix of the README, computed from the policy file and the
 * rules in the supergraph, so the documentation cannot drift from what is enforced.
 */
export function policyMatrix(policy: Policy, supergraphPath: string): string {
  const rules = [...fieldRulesFromSdl(parse(readFileSync(supergraphPath, 'utf8'))).entries()];
  const header = `| role | purposes | ${CATEGORIES.map((c) => c.toLowerCase()).join(' | ')} |`;
  const divider = `|---|---|${CATEGORIES.map(() => '---').join('|')}|`;
  const rows = Object.entries(policy.roles).map(([name, role]) => {
    const cells = CATEGORIES.map((category) => {
      const fields = rules.filter(([, rule]) => rule.category === category);
      const callers = role.purposes.map((purpose) => ({ scopes: new Set(role.scopes), purpose }));
      const readable = fields.filter(([, rule]) => callers.some((caller) => mayRead(rule, caller)));
      if (readable.length === 0) return '—';
      const notes = [
        readable.some(([, rule]) => callers.some((caller) => mayRead(rule, caller) && isMasked(rule, caller, policy))) ? 'masked' : '',
        readable.some(([, rule]) => callers.some((caller) => mayRead(rule, caller) && consentNeeded(rule, caller))) ? 'consent' : '',
      ].filter(Boolean);
      const extent = readable.length === fields.length ? 'all' : `${readable.length}/${fields.length}`;
      return notes.length > 0 ? `${extent} (${notes.join(', ')})` : extent;
    });
    return `| ${name} | ${role.purposes.join(', ')} | ${cells.join(' | ')} |`;
  });
  return [header, divider, ...rows].join('\n');
}
