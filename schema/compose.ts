import { writeFileSync } from 'node:fs';
import { fromProjectRoot } from '../platform/project-root';
import { composeSupergraph } from './compose-supergraph';

/** `npm run compose`: writes each subgraph's SDL and the supergraph under schema/. */
composeSupergraph()
  .then(({ files }) => {
    for (const [name, content] of Object.entries(files)) {
      writeFileSync(fromProjectRoot('schema', name), content);
      console.log(`wrote schema/${name}`);
    }
  })
  .catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
