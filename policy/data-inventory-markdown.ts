import type { Coverage, InventoryEntry, InventoryReport } from './data-inventory';

/** The inventory as a markdown table, then the systems' freshness and the fields nobody read. */
export function inventoryMarkdown({ fields: entries, since, days, freshness }: InventoryReport): string {
  const lines = [
    `# Data inventory (reads since ${since}, the last ${days} days)`,
    '',
    '| field | system of record (subgraph) | category (Fides) | purposes (Fides data uses) | who may read it | read by | coverage |',
    '|---|---|---|---|---|---|---|',
    ...entries.map((entry) => {
      const who = entry.access
        .map((a) => `${a.role}/${a.purpose}${a.masked ? ' masked' : ''}${a.consent ? ` with ${a.consent} consent` : ''}`)
        .join(', ');
      const readBy = entry.observedReads.map((r) => `${r.clientId}/${r.purpose} ×${r.reads}`).join(', ') || 'nobody';
      return [
        `\`${entry.coordinate}\``,
        `${entry.systemOfRecord} (${entry.subgraph})`,
        `${entry.category} (\`${entry.fidesDataCategory}\`)`,
        `${entry.purposes.join(', ')} (${entry.fidesDataUses.map((use) => `\`${use}\``).join(', ')})`,
        who || 'nobody',
        readBy,
        coverageCell(entry),
      ]
        .join(' | ')
        .replace(/^/, '| ')
        .concat(' |');
    }),
    '',
    '## Freshness',
    '',
    ...(freshness.length === 0
      ? ['Not measured.']
      : freshness.map((f) => `- ${f.system}, newest \`${f.source}\`: ${f.newest ?? f.note ?? 'empty'}`)),
    '',
    '## Read by nobody over the period (candidates for data minimisation)',
    '',
    ...entries.filter((entry) => entry.unread).map((entry) => `- \`${entry.coordinate}\``),
    '',
  ];
  return lines.join('\n');
}

/** `50.0 % (2/4 customers, customers.phone in the oltp)`, or why it was not measured. */
function coverageCell(entry: InventoryEntry): string {
  const coverage: Coverage | null = entry.coverage;
  if (!coverage) return entry.coverageNote ?? 'not measured';
  const share = coverage.share === null ? 'none held' : `${(coverage.share * 100).toFixed(1)} %`;
  return `${share} (${coverage.withValue}/${coverage.total} ${coverage.unit}s, \`${coverage.source}\` in the ${coverage.system})`;
}
