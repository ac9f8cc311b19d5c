import type { SubjectAccessDocument } from './subject-access-export';

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Every value in the page is the systems' text, so every value is escaped. */
function escape(text: string): string {
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
          : field.values.map((value) => `<div><code>${escape(value.path)}</code><pre>${escape(valueText(value.value))}</pre></div>`).join('');
      return (
        `<tr><td><code>${escape(field.coordinate)}</code></td><td>${escape(field.category.toLowerCase())}<br><small>` +
        `${escape(field.fidesDataCategory)}</small></td><td>${escape(field.systemOfRecord)} (${escape(field.subgraph)})</td>` +
        `<td>${escape(field.purposes.join(', '))}</td><td>${values}</td></tr>`
      );
    })
    .join('\n');
  const recipients =
    document.recipients.length === 0
      ? '<tr><td colspan="6"><em>Nobody read this data in the period the audit trail keeps.</em></td></tr>'
      : document.recipients
          .map(
            (recipient) =>
              `<tr><td>${escape(recipient.clientId)} (${escape(recipient.clientKind)})</td><td>${escape(recipient.purpose)}</td>` +
              `<td>${escape(recipient.roles.join(', '))}</td><td>${escape(recipient.categories.map((c) => c.toLowerCase()).join(', '))}</td>` +
              `<td>${recipient.reads} reads, ${recipient.writes} writes</td><td>${escape(recipient.firstAt)} – ${escape(recipient.lastAt)}</td></tr>`,
          )
          .join('\n');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>Personal data held about customer ${escape(document.customerId)}</title>
<style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse;width:100%}td,th{border:1px solid #ccc;padding:4px;vertical-align:top;text-align:left}pre{margin:0;white-space:pre-wrap}</style>
</head>
<body>
<h1>Personal data held about customer ${escape(document.customerId)}</h1>
<p>Prepared ${escape(document.generatedAt)} by ${escape(document.generatedFor.subject)} for ${escape(document.generatedFor.purpose)}.
Format ${escape(document.format)}; the same content is available as JSON.</p>
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
