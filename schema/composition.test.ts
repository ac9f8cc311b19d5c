import { readFileSync } from 'node:fs';
import { fromProjectRoot } from '../platform/project-root';
import { composeSupergraph } from './compose-supergraph';

describe('committed schema files', () => {
  it('match what `npm run compose` generates from the subgraphs (run it and commit if this fails)', async () => {
    const { files } = await composeSupergraph();
    expect(Object.keys(files).sort()).toEqual([
      'analytics.graphql',
      'archive.graphql',
      'crm.graphql',
      'privacy.graphql',
      'supergraph.graphql',
    ]);
    for (const [name, content] of Object.entries(files)) {
      expect({ name, content: readFileSync(fromProjectRoot('schema', name), 'utf8') }).toEqual({ name, content });
    }
  });

  it('let the archive subgraph require the account numbers it reads and the data-protection status it applies', () => {
    const archive = readFileSync(fromProjectRoot('schema', 'archive.graphql'), 'utf8');
    expect(archive).toMatch(
      new RegExp(
        String.raw`archivedOrders\([\s\S]*?\): \[ArchivedOrder!\][^\n]* ` +
          String.raw`@requires\(fields: "accounts \{ accountNumber \} dataProtection \{ restricted consentedTopics \}"\)`,
      ),
    );
  });
});
