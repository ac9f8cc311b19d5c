import type { HTTPGraphQLRequest } from '@apollo/server';
import type { Response } from 'express';
import type { Principal } from '../contracts/principal';

/** What the steps in front of GraphQL learn about a request and pass on to the next. */
export interface RequestState {
  /** The gateway's own id for this request: in every log line, subgraph call and audit record. */
  requestId: string;
  /** The client's `x-request-id`, when it looks like one. */
  clientRequestId: string | null;
  /** The verified caller; absent only for the Sandbox page, which runs nothing. */
  principal?: Principal;
  /** Every purpose the caller's token allows (the principal serves one of them). */
  allowedPurposes?: string[];
  /**
   * What Apollo executes instead of the request as it came, once a step has settled it: the
   * Sandbox page alone (identity), or a registered operation (persisted operations).
   */
  graphqlRequest?: HTTPGraphQLRequest;
}

const states = new WeakMap<Response, RequestState>();

export function setRequestState(res: Response, state: RequestState): void {
  states.set(res, state);
}

/** The state the first step set; a request without one never got past it. */
export function requestStateOf(res: Response): RequestState {
  const state = states.get(res);
  if (!state) throw new Error('The request has no state: the request-id step must run first');
  return state;
}
