import { DEFAULT_SUPERGRAPH_PATH } from '../gateway/gateway-config';
import { loadPolicy } from '../policy/policy';
import { policyMatrix } from '../policy/policy-matrix';

/** `npm run -s policy:matrix`: prints the README's role × category table. */
console.log(policyMatrix(loadPolicy(), DEFAULT_SUPERGRAPH_PATH));
