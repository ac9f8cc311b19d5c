import { signDelegatedToken } from '../../../contracts/internal-token';
import type { Principal } from '../../../contracts/principal';
import { type GraphQLAnswer, type RunOperation, SubjectAccessIncompleteError } from './subject-access-export';

/** An export's reads may take longer than one field's, but not for ever. */
const REQUEST_TIMEOUT_MS = 30_000;

/** Posts one operation to a gateway with this bearer token; anything but a GraphQL answer refuses the export. */
export function gatewayOperationRunner(url: () => string, authorization: () => Promise<string>, purpose: string): RunOperation {
  return async (query, variables, operationName) => {
    const response = await fetch(url(), {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${await authorization()}`, 'x-purpose': purpose },
      body: JSON.stringify({ query, variables, operationName }),
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    }).catch((error: Error) => {
      throw new SubjectAccessIncompleteError([`the gateway could not be reached (${error.name})`]);
    });
    const answer = (await response.json().catch(() => null)) as GraphQLAnswer | null;
    if (!answer || typeof answer !== 'object') throw new SubjectAccessIncompleteError([`the gateway answered HTTP ${response.status}`]);
    return answer;
  };
}

/**
 * The privacy subgraph's way into the graph: through the gateway, as the caller, with a token
 * signed for the gateway (`signDelegatedToken`) for each operation. Where the gateway listens is
 * known once it does (a stack on ephemeral ports starts it last).
 */
export class GatewayClient {
  constructor(
    private url: string,
    private readonly internalTokenKey: Uint8Array,
  ) {}

  pointAt(url: string): void {
    this.url = url;
  }

  runAs(principal: Principal): RunOperation {
    return gatewayOperationRunner(
      () => this.url,
      () => signDelegatedToken(principal, this.internalTokenKey),
      principal.purpose,
    );
  }
}
