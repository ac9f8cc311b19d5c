import type { ApolloGateway } from '@apollo/gateway';
import { BoundedCache } from '../../platform/bounded-cache';
import type {
  GatewayExecutionResult, GatewayExecutor, GatewayGraphQLRequestContext, GatewayInterface, GatewayLoadResult,
} from '@apollo/server-gateway-interface';
import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError, parse } from 'graphql';
import { checkRulesAgainstPolicy } from '../../policy/access';
import { fieldRulesFromSdl, type FieldRules } from '../../policy/field-rules';
import type { EnforcementMode, Policy } from '../../policy/policy';
import type { Principal } from '../../resolvers/context';
import { ErrorCode } from '../../resolvers/errors';
import type { AuditSink } from '../audit/audit-record';
import type { GatewayContext } from '../gateway-context';
import { applyToResponse } from './apply-to-response';
import { requestedPaths } from './requested-paths';
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

  constructor(
    private readonly inner: ApolloGateway,
    private readonly supergraphSdl: string,
    private readonly policy: Policy,
    private readonly audit: AuditSink,
  ) {}

  async load(options: Parameters<GatewayInterface['load']>[0]): Promise<GatewayLoadResult> {
    const { executor } = await this.inner.load(options);
    const rules = fieldRulesFromSdl(parse(this.supergraphSdl));
    const problems = checkRulesAgainstPolicy(rules, this.policy);
    if (problems.length > 0) throw new Error(`The supergraph's data-protection rules do not match the policy:\n  - ${problems.join('\n  - ')}`);
    this.rules = rules;
    return { executor: executor && ((requestContext) => this.execute(requestContext, executor)) };
  }

  onSchemaLoadOrUpdate(callback: Parameters<GatewayInterface['onSchemaLoadOrUpdate']>[0]) {
    return this.inner.onSchemaLoadOrUpdate(callback);
  }

  stop(): Promise<void> {
    return this.inner.stop();
  }

  private async execute(requestContext: GatewayGraphQLRequestContext, executor: GatewayExecutor): Promise<GatewayExecutionResult> {
    const { principal, requestId } = requestContext.context as GatewayContext;
    const analysis = this.analyse(requestContext, principal);

    const result = await executor({ ...requestContext, document: analysis.document, queryHash: analysis.documentHash } as GatewayGraphQLRequestContext);

    const outcome = applyToResponse(result.data, analysis, requestContext.request.variables);
    // A subgraph may refuse a field the planner fetched for @requires, which the client never asked for.
    let requested: Set<string> | undefined;
    const wasRequested = (error: GraphQLError) =>
      !error.path || (requested ??= requestedPaths(analysis, requestContext.request.variables)).has(error.path.filter((step) => typeof step === 'string').join('.'));
    const subgraphErrors = (result.errors ?? []).filter((error) => !DENIAL_CODES.has(String(error.extensions?.code)) || wasRequested(error));
    const subgraphDenials = subgraphErrors
      .filter((error) => DENIAL_CODES.has(String(error.extensions?.code)) && error.path)
      .map((error) => error.path!.join('.'));
    const deniedPaths = [...outcome.deniedPaths, ...subgraphDenials];
    if (outcome.customerIds.length > 0 || outcome.classifiedFields.length > 0 || deniedPaths.length > 0) {
      this.audit({
        kind: 'read',
        at: new Date().toISOString(),
        requestId,
        clientRequestId: null,
        subject: principal.subject,
        clientId: principal.clientId,
        clientKind: principal.clientKind,
        purpose: principal.purpose,
        operationName: requestContext.operationName,
        operationHash: requestContext.queryHash,
        refusal: null,
        returned: outcome.classifiedFields,
        masked: [],
        denied: [],
        customers: outcome.customerIds.map((customerId) => ({ customerId, returned: outcome.classifiedFields, masked: [], denied: [] })),
      });
    }
    const errors = [...subgraphErrors, ...outcome.errors];
    const extensions = { ...result.extensions, ...(outcome.maskedPaths.length > 0 ? { maskedPaths: outcome.maskedPaths } : {}) };
    return {
      ...result,
      ...(errors.length > 0 ? { errors } : {}),
      ...(Object.keys(extensions).length > 0 ? { extensions } : {}),
    };
  }

  /**
   * Reject mode, before anything executes: a caller (by default a partner) asking for
   * a field it may not read gets the whole operation refused with HTTP 403.
   */
  rejectionPlugin(): ApolloServerPlugin<GatewayContext> {
    return {
      requestDidStart: async () => ({
        didResolveOperation: async (requestContext) => {
          const { principal } = requestContext.contextValue;
          if (this.modeFor(principal) !== 'reject') return;
          const analysis = this.analyse(requestContext as unknown as GatewayGraphQLRequestContext, principal);
          if (analysis.forbiddenCoordinates.length === 0) return;
          throw new GraphQLError('This operation asks for fields you may not read', {
            extensions: { code: ErrorCode.Forbidden, forbiddenFields: analysis.forbiddenCoordinates, http: { status: 403 } },
          });
        },
      }),
    };
  }

  /** Cached per operation, purpose and scopes: the same caller shape always gets the same plan. */
  private analyse(requestContext: Pick<GatewayGraphQLRequestContext, 'queryHash' | 'operationName' | 'schema' | 'document'>, principal: Principal): OperationAnalysis {
    const key = `${requestContext.queryHash}|${requestContext.operationName ?? ''}|${principal.purpose}|${[...principal.scopes].sort().join(' ')}`;
    let analysis = this.analyses.get(key);
    if (!analysis) {
      const caller = { scopes: new Set(principal.scopes), purpose: principal.purpose };
      analysis = analyseOperation(requestContext.schema, requestContext.document, requestContext.operationName, this.rules, caller, this.policy);
      this.analyses.set(key, analysis);
    }
    return analysis;
  }

  private modeFor(principal: Principal): EnforcementMode {
    const { enforcement } = this.policy;
    return enforcement.clients[principal.clientId] ?? (principal.clientKind === 'partner' ? enforcement.partner : enforcement.firstParty);
  }
}
