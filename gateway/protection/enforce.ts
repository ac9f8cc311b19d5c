import type { GatewayExecutionResult } from '@apollo/server-gateway-interface';
import { GraphQLError } from 'graphql';
import type { Principal } from '../../contracts/principal';
import { ErrorCode } from '../../contracts/error-codes';
import { customerCap } from '../../policy/access';
import type { Policy } from '../../policy/policy';
import { customerLimitExceeded } from '../refusal';
import { applyToResponse, type ProtectionOutcome } from './apply-to-response';
import type { OperationAnalysis } from './operation-analysis';

const DENIAL_CODES = new Set<string>([ErrorCode.Forbidden, ErrorCode.ConsentRequired, ErrorCode.ProcessingRestricted]);

/** The client's answer, and what the rules did to it when it is answered, to be audited (exported as `enforce`'s result). */
export interface Enforced {
  response: GatewayExecutionResult;
  /** Absent when the answer is withheld whole: nothing of it was returned. */
  outcome?: ProtectionOutcome;
}

/**
 * The enforce stage: the executed answer made the client's. Subgraphs' refusals are reported at
 * the client's keys, and only where the client asked for the path; one walk of the answer
 * (`applyToResponse`) masks and withholds and notes what each customer got; an answer holding
 * more customers than the caller's purpose allows is withheld whole. Throws when the rules cannot
 * be applied to the answer, which must then not leave.
 */
export function enforce(
  result: GatewayExecutionResult,
  analysis: OperationAnalysis,
  variables: Record<string, unknown>,
  principal: Principal,
  policy: Policy,
): Enforced {
  // A client's alias never reaches the planner as it is: at such a step the error is about a field the planner fetched for itself.
  const renamed = new Set(analysis.clientKeys.values());
  const aboutOwnFetch = (error: GraphQLError) => error.path?.some((step) => typeof step === 'string' && renamed.has(step)) ?? false;
  const isDenial = (error: GraphQLError) => DENIAL_CODES.has(String(error.extensions?.code));
  const reported = (result.errors ?? [])
    .filter((error) => !(isDenial(error) && aboutOwnFetch(error)))
    .map((error) => inClientKeys(error, analysis.clientKeys));
  const deniedByPath = new Set(reported.filter((error) => isDenial(error) && error.path).map((error) => error.path!.join('.')));

  const outcome = applyToResponse(result.data, analysis, variables, deniedByPath);
  // A subgraph may refuse a field the planner fetched for @requires, which the client never asked for.
  const subgraphErrors = reported.filter((error) => !isDenial(error) || !error.path || outcome.requested.has(error.path));
  // The estimate is from declared list sizes; should the data hold more customers than the cap, none of it
  // leaves (the refusal audit plugin records it, as every refusal).
  const cap = customerCap(policy, principal.purpose);
  if (outcome.customers.size > cap)
    return { response: { data: null, errors: [customerLimitExceeded(principal.clientKind, outcome.customers.size, cap)] } };
  const errors = [...subgraphErrors, ...outcome.errors];
  const extensions = { ...result.extensions, ...(outcome.maskedPaths.length > 0 ? { maskedPaths: outcome.maskedPaths } : {}) };
  // Built whole, not spread from the executor's result: the errors filtered out above must not come back with it.
  const response = {
    data: outcome.data,
    ...(errors.length > 0 ? { errors } : {}),
    ...(Object.keys(extensions).length > 0 ? { extensions } : {}),
  };
  return { response, outcome };
}

/** An error at a path the gateway fetched under its own aliases, at the client's path instead. */
function inClientKeys(error: GraphQLError, clientKeys: ReadonlyMap<string, string>): GraphQLError {
  if (!error.path || clientKeys.size === 0 || !error.path.some((step) => typeof step === 'string' && clientKeys.has(step))) return error;
  const path = error.path.map((step) => (typeof step === 'string' ? (clientKeys.get(step) ?? step) : step));
  return new GraphQLError(error.message, {
    nodes: error.nodes,
    source: error.source,
    positions: error.positions,
    path,
    originalError: error.originalError,
    extensions: error.extensions,
  });
}
