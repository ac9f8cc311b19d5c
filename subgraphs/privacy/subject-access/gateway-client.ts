import { signDelegatedToken } from '../../../contracts/internal-token';
import type { Principal } from '../../../contracts/principal';
import { type GraphQLAnswer, type RunOperation, SubjectAccessIncompleteError } from './subject-access-export';

/**
 * How long one export may read (within the gateway's wait for the privacy subgraph,
 * PRIVACY_TIMEOUT_MS, 60 s by default); the command line has no such wait.
 */
export const EXPORT_DEADLINE_MS = 50_000;

interface RunnerOptions {
  url: () => string;
  authorization: () => Promise<string>;
  purpose: string;
  /** Sent as x-request-id with every read, so the trail ties them to the export. */
  exportId?: string;
  /** `Date.now()` after which no further read starts. */
  deadline?: number;
}

/** Posts one operation to a gateway with this bearer token; anything but a GraphQL answer refuses the export. */
export function gatewayOperationRunner(options: RunnerOptions): RunOperation {
  return async (query, variables, operationName) => {
    if (options.deadline !== undefined && Date.now() > options.deadline)
      throw new SubjectAccessIncompleteError([`it took longer than ${EXPORT_DEADLINE_MS / 1000} s; use npm run -s subject-access`]);
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      authorization: `Bearer ${await options.authorization()}`,
      'x-purpose': options.purpose,
    };
    if (options.exportId) headers['x-request-id'] = options.exportId;
    const response = await fetch(options.url(), {
      method: 'POST',
      headers,
      body: JSON.stringify({ query, variables, operationName }),
      signal: AbortSignal.timeout(EXPORT_DEADLINE_MS),
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

  runAs(principal: Principal, exportId: string): RunOperation {
    return gatewayOperationRunner({
      url: () => this.url,
      authorization: () => signDelegatedToken(principal, this.internalTokenKey),
      purpose: principal.purpose,
      exportId,
      deadline: Date.now() + EXPORT_DEADLINE_MS,
    });
  }
}
