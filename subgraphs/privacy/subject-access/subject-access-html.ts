import type { SubjectAccessDocument } from './subject-access-export';

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Every value in the page is the systems' text, so every value is escaped. */
function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => ESCAPES[char]);
}

function valueText(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value, null, 2);
}

/**
 * The export as a page a data-protection officer can send the data subject: one self-contained
 * HTML document (no script, no external resource), the same content as the JSON.
 */
export function subjectAccessHtml(document: SubjectAccessDocument): string {
  const fields = document.personalData
    .map((field) => {
      const values =
        field.values.length === 0
          ? '<em>nothing held</em>'
          : field.values
              .map((value) => `<div><code>${escapeHtml(value.path)}</code><pre>${escapeHtml(valueText(value.value))}</pre></div>`)
              .join('');
      return (
        `<tr><td><code>${escapeHtml(field.coordinate)}</code></td><td>${escapeHtml(field.category.toLowerCase())}<br><small>` +
        `${escapeHtml(field.fidesDataCategory)}</small></td><td>${escapeHtml(field.systemOfRecord)} (${escapeHtml(field.subgraph)})</td>` +
        `<td>${escapeHtml(field.purposes.join(', '))}</td><td>${values}</td></tr>`
      );
    })
    .join('\n');
  const recipients =
    document.recipients.length === 0
      ? '<tr><td colspan="6"><em>Nobody read this data in the period the audit trail keeps.</em></td></tr>'
      : document.recipients
          .map(
            (recipient) =>
              `<tr><td>${escapeHtml(recipient.clientId)} (${escapeHtml(recipient.clientKind)})</td><td>${escapeHtml(recipient.purpose)}</td>` +
              `<td>${escapeHtml(recipient.roles.join(', '))}</td><td>${escapeHtml(recipient.categories.map((c) => c.toLowerCase()).join(', '))}</td>` +
              `<td>${recipient.reads} reads, ${recipient.writes} writes</td><td>${escapeHtml(recipient.firstAt)} – ${escapeHtml(recipient.lastAt)}</td></tr>`,
          )
          .join('\n');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>Personal data held about customer ${escapeHtml(document.customerId)}</title>
<style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse;width:100%}td,th{border:1px solid #ccc;padding:4px;vertical-align:top;text-align:left}pre{margin:0;white-space:pre-wrap}</style>
</head>
<body>
<h1>Personal data held about customer ${escapeHtml(document.customerId)}</h1>
<p>Prepared ${escapeHtml(document.generatedAt)} by ${escapeHtml(document.generatedFor.subject)} for ${escapeHtml(document.generatedFor.purpose)}.
Format ${escapeHtml(document.format)}; the same content is available as JSON.</p>
<h2>The data</h2>
<table>
<tr><th>Field</th><th>Category</th><th>Source</th><th>Processed for</th><th>Values</th></tr>
${fields}
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
