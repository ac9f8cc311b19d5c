import type { ApolloServerPlugin } from '@apollo/server';
import type { GatewayGraphQLRequestContext } from '@apollo/server-gateway-interface';
import { GraphQLError } from 'graphql';
import type { Principal } from '../../contracts/principal';
import { ErrorCode } from '../../contracts/error-codes';
import { customerCap } from '../../policy/access';
import type { EnforcementMode, Policy } from '../../policy/policy';
import type { GatewayContext } from '../gateway-context';
import type { ProtectionPlans } from '../protection/plan';
import { customerLimitExceeded, operationTooLarge, RequestRefusedError } from '../refusal';

/**
 * Before anything is planned: the variables are coerced (defaults applied, bad values
 * refused), a caller in reject mode (by default a partner) asking for a field it may not
 * read gets the whole operation refused with 403, and the operation as it would run is
 * weighed — its cost against the client kind's limit, the customers it can return against
 * the cap for the caller's purpose. Every refusal here is audited; variables and sizes the
 * caller got wrong are its mistakes (400 BAD_USER_INPUT), not refusals.
 */
export function admissionPlugin(plans: ProtectionPlans, policy: Policy): ApolloServerPlugin<GatewayContext> {
  return {
    requestDidStart: async () => ({
      didResolveOperation: async (requestContext) => {
        const { contextValue: context, operation, request, schema } = requestContext;
        if (!operation) return;
        const { principal } = context;
        const analysis = plans.planOf(requestContext as unknown as GatewayGraphQLRequestContext, principal);
        const variables = plans.variablesOf(context, schema, analysis, operation, request.variables);
        if (modeFor(policy, principal) === 'reject' && analysis.forbiddenCoordinates.length > 0) {
          throw new RequestRefusedError(
            'This operation asks for fields you may not read',
            ErrorCode.Forbidden,
            403,
            analysis.forbiddenCoordinates,
            {
              forbiddenFields: analysis.forbiddenCoordinates,
            },
          );
        }
        const demand = plans.demandOf(schema, analysis, variables);
        if (demand.badSlices.length > 0) {
          const named = demand.badSlices.map(({ coordinate, argument, value }) => `${coordinate}(${argument}: ${value})`).join(', ');
          throw new GraphQLError(`A list cannot be shorter than 1: ${named}`, {
            extensions: { code: ErrorCode.BadUserInput, argumentName: demand.badSlices[0].argument, http: { status: 400 } },
          });
        }
        const { cost } = policy.limits[principal.clientKind];
        if (demand.cost > cost)
          throw operationTooLarge(principal.clientKind, [`Cost limit of ${cost} exceeded, estimated ${demand.cost}.`]);
        const cap = customerCap(policy, principal.purpose);
        if (demand.customers > cap) throw customerLimitExceeded(principal.clientKind, demand.customers, cap);
      },
    }),
  };
}

/** The caller's enforcement mode: its client's own, or its client kind's. */
function modeFor(policy: Policy, principal: Principal): EnforcementMode {
  const { enforcement } = policy;
  return enforcement.clients[principal.clientId] ?? (principal.clientKind === 'partner' ? enforcement.partner : enforcement.firstParty);
}
