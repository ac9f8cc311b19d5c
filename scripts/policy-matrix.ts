import { DEFAULT_SUPERGRAPH_PATH } from '../platform/supergraph-file';
import { loadGoldenTable } from '../policy/access-golden';
import { policyMatrix } from '../policy/policy-matrix';

/** `npm run -s policy:matrix`: prints the README's role × category table, from the golden access table. */
console.log(policyMatrix(loadGoldenTable(), DEFAULT_SUPERGRAPH_PATH));
