import type { ApolloServer } from '@apollo/server';
import type { RequestHandler } from 'express';
import { GraphQLError } from 'graphql';
import { ErrorCode } from '../contracts/error-codes';
import type { GatewayContext } from './gateway-context';
import { httpGraphQLRequestOf } from './http-graphql-request';
import { type RequestState, requestStateOf } from './request-state';

/**
 * Apollo Server, last in front of GraphQL: it executes what the steps before it settled on
 * (`RequestState.graphqlRequest`: the Sandbox page alone, or a registered operation), else the
 * request as it came, with the caller they verified as its context, and the answer is written
 * as Apollo's express integration writes it.
 */
export function apolloStep(apollo: ApolloServer<GatewayContext>): RequestHandler {
  apollo.assertStarted('apolloStep()');
  return async (req, res) => {
    // Only a request the body step could not read comes without one (as in Apollo's express integration).
    if (!('body' in req)) {
      res.status(500);
      res.send(
        '`req.body` is not set; this probably means you forgot to set up the `json` middleware before the Apollo Server middleware.',
      );
      return;
    }
    const state = requestStateOf(res);
    const response = await apollo.executeHTTPGraphQLRequest({
      httpGraphQLRequest: state.graphqlRequest ?? httpGraphQLRequestOf(req),
      context: async () => contextOf(state),
    });
    for (const [key, value] of response.headers) res.setHeader(key, value);
    res.statusCode = response.status || 200;
    if (response.body.kind === 'complete') {
      res.send(response.body.string);
      return;
    }
    for await (const chunk of response.body.asyncIterator) res.write(chunk);
    res.end();
  };
}

/** The context of every operation: the request's ids and its caller. */
function contextOf({ requestId, clientRequestId, principal }: RequestState): GatewayContext {
  // Only the landing page goes without a caller, and Apollo serves it before asking for a context.
  if (!principal)
    throw new GraphQLError('An Authorization: Bearer token is required', {
      extensions: { code: ErrorCode.Unauthenticated, http: { status: 401 } },
    });
  return { requestId, clientRequestId, principal };
}
