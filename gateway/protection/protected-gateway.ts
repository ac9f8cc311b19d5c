import type { ApolloGateway } from '@apollo/gateway';
import { BoundedCache } from '../../platform/bounded-cache';
import type {
  GatewayExecutionResult,
  GatewayExecutor,
  GatewayGraphQLRequestContext,
  GatewayInterface,
  GatewayLoadResult,
} from '@apollo/server-gateway-interface';
import type { ApolloServerPlugin } from '@apollo/server';
import {
  type DocumentNode,
  getVariableValues,
  GraphQLError,
  type GraphQLSchema,
  Kind,
  type OperationDefinitionNode,
  parse,
  print,
} from 'graphql';
import { sha256 } from '../../platform/sha256';
import { inlineRootFragments } from './root-fragments';
import { undecidableCondition } from './client-selections';
import { checkScalarInputs } from '../scalar-inputs';
import { fieldRulesFromSdl, type FieldRules } from '../../policy/field-rules';
import type { ClientKind, EnforcementMode, Policy } from '../../policy/policy';
import { checkRulesAgainstPolicy, customerCap } from '../../policy/access';
import { estimateDemand, type ListSizes, listSizesFromSdl } from '../limits/demand';
import { operationTooLarge, RequestRefusedError } from '../refusal';
import { callerKey, callerOf, type Principal } from '../../contracts/principal';
import { ErrorCode } from '../../contracts/error-codes';
import type { AuditSink } from '../audit/audit-record';
import { readRecord } from '../audit/records';
import type { Logger } from '../../platform/logger';
import type { GatewayContext } from '../gateway-context';
import { applyToResponse, customerAccessOf } from './apply-to-response';
import { analyseOperation, type OperationAnalysis } from './operation-analysis';

const DENIAL_CODES = new Set<string>([ErrorCode.Forbidden, ErrorCode.ConsentRequired, ErrorCode.ProcessingRestricted]);
const ANALYSIS_CACHE_SIZE = 1000;

/**
 * @apollo/gateway with the data-protection rules around its executor: the rules are
 * read from the supergraph's composed directives; each operation is analysed for its
 * caller before planning (forbidden fields removed, or the operation refused in reject
 * mode), and the answer is masked and recorded in the audit trail afterwards.
 */
export class ProtectedGateway implements GatewayInterface {
  private rules: FieldRules = new Map();
  private readonly analyses = new BoundedCache<OperationAnalysis>(ANALYSIS_CACHE_SIZE);
  private listSizes: ListSizes = new Map();
  /** Each request's variables as the admission step coerced them, until its answer is protected. */
  private readonly coercedVariables = new WeakMap<GatewayContext, Record<string, unknown>>();

  constructor(
    private readonly inner: ApolloGateway,
    private readonly supergraphSdl: string,
    private readonly policy: Policy,
    private readonly audit: AuditSink,
    private readonly logger: Logger,
  ) {}

  async load(options: Parameters<GatewayInterface['load']>[0]): Promise<GatewayLoadResult> {
    const { executor } = await this.inner.load(options);
    const supergraph = parse(this.supergraphSdl);
    const rules = fieldRulesFromSdl(supergraph);
    const problems = checkRulesAgainstPolicy(rules, this.policy);
    if (problems.length > 0)
      throw new Error(`The supergraph's data-protection rules do not match the policy:\n  - ${problems.join('\n  - ')}`);
    this.rules = rules;
    this.listSizes = listSizesFromSdl(supergraph);
    return { executor: executor && ((requestContext) => this.execute(requestContext, executor)) };
  }

  onSchemaLoadOrUpdate(callback: Parameters<GatewayInterface['onSchemaLoadOrUpdate']>[0]) {
    return this.inner.onSchemaLoadOrUpdate((schema) => callback({ ...schema, apiSchema: checkScalarInputs(schema.apiSchema) }));
  }

  stop(): Promise<void> {
    return this.inner.stop();
  }

  private async execute(requestContext: GatewayGraphQLRequestContext, executor: GatewayExecutor): Promise<GatewayExecutionResult> {
    const context = requestContext.context as GatewayContext;
    const analysis = this.analyse(requestContext, context.principal);
    let variables: Record<string, unknown>;
    try {
      variables = this.variablesOf(
        context,
        requestContext.schema,
        requestContext.document,
        requestContext.operation,
        requestContext.request.variables,
      );
    } catch (error) {
      return { errors: [error as GraphQLError] };
    }

    const result = await executor({ ...requestContext, ...executedDocument(analysis, variables) } as GatewayGraphQLRequestContext);
    try {
      return this.protect(result, analysis, variables, requestContext, context);
    } catch (error) {
      // The rules could not be applied to this answer: nothing of it leaves.
      this.logger.error(
        { err: error, requestId: context.requestId },
        'the answer could not be checked against the data-protection rules; withheld',
      );
      return {
        data: null,
        errors: [
          new GraphQLError('The answer could not be checked against the data-protection rules', {
            extensions: { code: ErrorCode.ProtectionFailed, http: { status: 422 } },
          }),
        ],
      };
    }
  }

  private protect(
    result: GatewayExecutionResult,
    analysis: OperationAnalysis,
    variables: Record<string, unknown>,
    requestContext: GatewayGraphQLRequestContext,
    context: GatewayContext,
  ): GatewayExecutionResult {
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
    const origin = { principal: context.principal, requestId: context.requestId, clientRequestId: context.clientRequestId };
    const operationInfo = { operationName: requestContext.operationName, operationHash: requestContext.queryHash };
    // The estimate is from declared list sizes; should the data hold more customers than the cap, none of it
    // leaves (the refusal audit plugin records it, as every refusal).
    const cap = customerCap(this.policy, context.principal.purpose);
    if (outcome.customers.size > cap)
      return { data: null, errors: [customerLimitExceeded(context.principal.clientKind, outcome.customers.size, cap)] };
    const customers = [...outcome.customers].map(([id, access]) => customerAccessOf(id, access));
    const { operation } = outcome;
    if (customers.length > 0 || operation.returned.size > 0 || operation.denied.size > 0) {
      const access = customerAccessOf('', operation);
      this.audit(readRecord(origin, operationInfo, { returned: access.returned, masked: access.masked, denied: access.denied }, customers));
    }
    const errors = [...subgraphErrors, ...outcome.errors];
    const extensions = { ...result.extensions, ...(outcome.maskedPaths.length > 0 ? { maskedPaths: outcome.maskedPaths } : {}) };
    // Built whole, not spread from the executor's result: the errors filtered out above must not come back with it.
    return {
      data: outcome.data,
      ...(errors.length > 0 ? { errors } : {}),
      ...(Object.keys(extensions).length > 0 ? { extensions } : {}),
    };
  }

  /**
   * Before anything is planned: the variables are coerced (defaults applied, bad values
   * refused), a caller in reject mode (by default a partner) asking for a field it may not
   * read gets the whole operation refused with 403, and the operation as it would run is
   * weighed — its cost against the client kind's limit, the customers it can return against
   * the cap for the caller's purpose. Every refusal here is audited; variables and sizes the
   * caller got wrong are its mistakes (400 BAD_USER_INPUT), not refusals.
   */
  admissionPlugin(): ApolloServerPlugin<GatewayContext> {
    return {
      requestDidStart: async () => ({
        didResolveOperation: async (requestContext) => {
          const { contextValue: context, operation, request, schema } = requestContext;
          if (!operation) return;
          const { principal } = context;
          const variables = this.variablesOf(context, schema, requestContext.document, operation, request.variables);
          const analysis = this.analyse(requestContext as unknown as GatewayGraphQLRequestContext, principal);
          if (this.modeFor(principal) === 'reject' && analysis.forbiddenCoordinates.length > 0) {
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
          const demand = estimateDemand(schema, analysis.document, plannedOperation(analysis), variables, this.listSizes);
          if (demand.badSlices.length > 0) {
            const named = demand.badSlices.map(({ coordinate, argument, value }) => `${coordinate}(${argument}: ${value})`).join(', ');
            throw new GraphQLError(`A list cannot be shorter than 1: ${named}`, {
              extensions: { code: ErrorCode.BadUserInput, argumentName: demand.badSlices[0].argument, http: { status: 400 } },
            });
          }
          const { cost } = this.policy.limits[principal.clientKind];
          if (demand.cost > cost)
            throw operationTooLarge(principal.clientKind, [`Cost limit of ${cost} exceeded, estimated ${demand.cost}.`]);
          const cap = customerCap(this.policy, principal.purpose);
          if (demand.customers > cap) throw customerLimitExceeded(principal.clientKind, demand.customers, cap);
        },
      }),
    };
  }

  /** The request's variables as its operation coerces them (defaults applied), once per request; bad ones are the caller's error. */
  private variablesOf(
    context: GatewayContext,
    schema: GraphQLSchema,
    document: DocumentNode,
    operation: OperationDefinitionNode,
    raw: Record<string, unknown> | undefined,
  ): Record<string, unknown> {
    let variables = this.coercedVariables.get(context);
    if (!variables) {
      const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], raw ?? {});
      if (coerced.errors) throw badVariables(coerced.errors);
      // A nullable variable with a default may still be sent as null, which no @skip/@include can take.
      const undecidable = undecidableCondition(document, coerced.coerced);
      if (undecidable) throw badVariables([undecidable]);
      this.coercedVariables.set(context, (variables = coerced.coerced));
    }
    return variables;
  }

  /** Cached per operation, purpose and scopes: the same caller shape always gets the same plan. */
  private analyse(
    requestContext: Pick<GatewayGraphQLRequestContext, 'queryHash' | 'operationName' | 'schema' | 'document'>,
    principal: Principal,
  ): OperationAnalysis {
    const key = `${requestContext.queryHash}|${requestContext.operationName ?? ''}|${callerKey(principal)}`;
    let analysis = this.analyses.get(key);
    if (!analysis) {
      analysis = analyseOperation(
        requestContext.schema,
        requestContext.document,
        requestContext.operationName,
        this.rules,
        callerOf(principal),
        this.policy,
      );
      this.analyses.set(key, analysis);
    }
    return analysis;
  }

  private modeFor(principal: Principal): EnforcementMode {
    const { enforcement } = this.policy;
    return enforcement.clients[principal.clientId] ?? (principal.clientKind === 'partner' ? enforcement.partner : enforcement.firstParty);
  }
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

/** The document the planner gets, and its cache key. */
function executedDocument(analysis: OperationAnalysis, variables: Record<string, unknown>): { document: DocumentNode; queryHash: string } {
  if (!analysis.inlineRootFragments) return { document: analysis.document, queryHash: analysis.documentHash };
  const document = inlineRootFragments(analysis.document, variables);
  return { document, queryHash: sha256(print(document)) };
}

/** Variables the operation's definitions refuse: the caller's mistake, found before anything is planned. */
function badVariables(errors: readonly GraphQLError[]): GraphQLError {
  return new GraphQLError(errors.map((error) => error.message).join(' '), {
    nodes: errors[0].nodes,
    extensions: { code: ErrorCode.BadUserInput, http: { status: 400 } },
  });
}

/** More customers than the caller's purpose allows in one request: refused, with the numbers for first-party callers only. */
function customerLimitExceeded(kind: ClientKind, estimated: number, cap: number): RequestRefusedError {
  const message =
    kind === 'partner'
      ? 'The operation can return more customers than agreed for this client'
      : `The operation can return the data of up to ${estimated} customers; one request may return at most ${cap} for this purpose`;
  return new RequestRefusedError(message, ErrorCode.CustomerLimitExceeded, 400);
}

/** The one operation of the planned document. */
function plannedOperation(analysis: OperationAnalysis): OperationDefinitionNode {
  return analysis.document.definitions.find(
    (definition): definition is OperationDefinitionNode => definition.kind === Kind.OPERATION_DEFINITION,
  )!;
}
