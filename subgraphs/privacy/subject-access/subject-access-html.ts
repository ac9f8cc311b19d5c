import type { ExportedField, Recipient, SubjectAccessDocument } from './subject-access-export';

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

const STYLE = [
  'body{font-family:sans-serif;margin:2em}',
  'table{border-collapse:collapse;width:100%}',
  'td,th{border:1px solid #ccc;padding:4px;vertical-align:top;text-align:left}',
  'pre{margin:0;white-space:pre-wrap}',
].join('');

/** Every value in the page is the systems' text, so every value is escaped. */
function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => ESCAPES[char]);
}

function valueText(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value, null, 2);
}

/** A table row; each cell is HTML already (escaped where it holds text). */
function row(cells: string[]): string {
  return `<tr>${cells.map((cell) => `<td>${cell}</td>`).join('')}</tr>`;
}

function fieldRow(field: ExportedField): string {
  const values =
    field.values.length === 0
      ? '<em>nothing held</em>'
      : field.values
          .map((value) => `<div><code>${escapeHtml(value.path)}</code><pre>${escapeHtml(valueText(value.value))}</pre></div>`)
          .join('');
  return row([
    `<code>${escapeHtml(field.coordinate)}</code>`,
    `${escapeHtml(field.category.toLowerCase())}<br><small>${escapeHtml(field.fidesDataCategory)}</small>`,
    `${escapeHtml(field.systemOfRecord)} (${escapeHtml(field.subgraph)})`,
    escapeHtml(field.purposes.join(', ')),
    values,
  ]);
}

function recipientRow(recipient: Recipient): string {
  return row([
    `${escapeHtml(recipient.clientId)} (${escapeHtml(recipient.clientKind)})`,
    escapeHtml(recipient.purpose),
    escapeHtml(recipient.roles.join(', ')),
    escapeHtml(recipient.categories.map((category) => category.toLowerCase()).join(', ')),
    `${recipient.reads} reads, ${recipient.writes} writes`,
    `${escapeHtml(recipient.firstAt)} – ${escapeHtml(recipient.lastAt)}`,
  ]);
}

/**
 * The export as a page a data-protection officer can send the data subject: one self-contained
 * HTML document (no script, no external resource), the same content as the JSON.
 */
export function subjectAccessHtml(document: SubjectAccessDocument): string {
  const customer = escapeHtml(document.customerId);
  const recipients =
    document.recipients.length === 0
      ? '<tr><td colspan="6"><em>Nobody read this data in the period the audit trail keeps.</em></td></tr>'
      : document.recipients.map(recipientRow).join('\n');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>Personal data held about customer ${customer}</title>
<style>${STYLE}</style>
</head>
<body>
<h1>Personal data held about customer ${customer}</h1>
<p>Prepared ${escapeHtml(document.generatedAt)} by the data-protection officer.
Format ${escapeHtml(document.format)}; the same content is available as JSON.</p>
<h2>The data</h2>
<table>
<tr><th>Field</th><th>Category</th><th>Source</th><th>Processed for</th><th>Values</th></tr>
${document.personalData.map(fieldRow).join('\n')}
</table>
<h2>Who received it</h2>
<table>
<tr><th>Client</th><th>Purpose</th><th>Roles</th><th>Categories</th><th>How often</th><th>When</th></tr>
${recipients}
</table>
</body>
</html>
`;
}
