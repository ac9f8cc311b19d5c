import type { InventoryEntry } from './data-inventory';

/** The inventory as a markdown table, then the fields nobody read. */
export function inventoryMarkdown(entries: InventoryEntry[], since: string, days: number): string {
  const lines = [
    `# Data inventory (reads since ${since}, the last ${days} days)`,
    '',
    '| field | system of record (subgraph) | category (Fides) | purposes (Fides data uses) | who may read it | read by |',
    '|---|---|---|---|---|---|',
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
      ]
        .join(' | ')
        .replace(/^/, '| ')
        .concat(' |');
    }),
    '',
    '## Read by nobody over the period (candidates for data minimisation)',
    '',
    ...entries.filter((entry) => entry.unread).map((entry) => `- \`${entry.coordinate}\``),
    '',
  ];
  return lines.join('\n');
}
