import { randomBytes } from 'node:crypto';
import type { ApolloGateway } from '@apollo/gateway';
import type {
  GatewayExecutionResult,
  GatewayExecutor,
  GatewayGraphQLRequestContext,
  GatewayInterface,
  GatewayLoadResult,
} from '@apollo/server-gateway-interface';
import type { GraphQLError } from 'graphql';
import { ErrorCode } from '../../contracts/error-codes';
import type { Logger } from '../../platform/logger';
import type { Policy } from '../../policy/policy';
import type { AuditSink } from '../audit/audit-record';
import type { GatewayContext } from '../gateway-context';
import { RequestRefusedError } from '../refusal';
import { checkScalarInputs } from '../scalar-inputs';
import { auditRecordOf, searchRecordOf, writeRecordOf } from './audit-outcome';
import { searchesOf } from './search-record';
import { enforce } from './enforce';
import { executedDocument, ProtectionPlans } from './plan';

/**
 * @apollo/gateway with the data-protection pipeline around its executor, its rules read from
 * the supergraph's composed directives: plan (`plan.ts`: the operation as this caller may run
 * it, forbidden fields removed, once per operation and caller shape) → execute (the planner and
 * the subgraphs) → enforce (`enforce.ts`: the answer as the client gets it, masked and withheld)
 * → audit (`audit-outcome.ts`: what it returned and withheld, recorded). Should the rules not
 * apply to an answer, none of it leaves. The admission plugin (`plugins/admission.plugin.ts`)
 * refuses, before anything is planned, what the same plans say may not run.
 */
export class ProtectedGateway implements GatewayInterface {
  /** The plans every request is protected by, shared with the admission plugin. */
  readonly plans: ProtectionPlans;

  constructor(
    private readonly inner: ApolloGateway,
    private readonly supergraphSdl: string,
    private readonly policy: Policy,
    private readonly audit: AuditSink,
    private readonly logger: Logger,
    /** The key search terms are hashed with in the trail (`searchTermKey`); a random one per process when not given. */
    private readonly searchKey: Buffer = randomBytes(32),
  ) {
    this.plans = new ProtectionPlans(policy);
  }

  async load(options: Parameters<GatewayInterface['load']>[0]): Promise<GatewayLoadResult> {
    const { executor } = await this.inner.load(options);
    this.plans.load(this.supergraphSdl);
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
    const { principal } = context;
    // Plan: the operation as this caller may run it, and the request's variables.
    const analysis = this.plans.planOf(requestContext, principal);
    let variables: Record<string, unknown>;
    try {
      variables = this.plans.variablesOf(
        context,
        requestContext.schema,
        analysis,
        requestContext.operation,
        requestContext.request.variables,
      );
    } catch (error) {
      return { errors: [error as GraphQLError] };
    }

    // Execute: the planner and the subgraphs, on the planned document.
    const result = await executor({ ...requestContext, ...executedDocument(analysis, variables) } as GatewayGraphQLRequestContext);
    const origin = { principal, requestId: context.requestId, clientRequestId: context.clientRequestId };
    const recorded = { operationName: requestContext.operationName, operationHash: requestContext.queryHash };
    const isMutation = requestContext.operation.operation === 'mutation';
    try {
      // Enforce: the answer as the client gets it; audit: what it returned and withheld (and, for a mutation, wrote).
      const { response, outcome } = enforce(result, analysis, variables, principal, this.policy);
      const searches = isMutation ? [] : searchesOf(analysis, variables, this.searchKey);
      const record = isMutation
        ? writeRecordOf(analysis, variables, result.data, outcome, origin, recorded)
        : searchRecordOf(outcome && auditRecordOf(outcome, origin, recorded), searches, origin, recorded);
      if (record) this.audit(record);
      return response;
    } catch (error) {
      // What was written stays written, answered or not: the trail says so.
      // So does a search: it ran on the customers' data whether or not its answer leaves.
      const written = isMutation
        ? writeRecordOf(analysis, variables, result.data, undefined, origin, recorded)
        : searchRecordOf(undefined, searchesOf(analysis, variables, this.searchKey), origin, recorded);
      if (written) this.audit(written);
      // The rules could not be applied to this answer: nothing of it leaves.
      this.logger.error(
        { err: error, requestId: context.requestId },
        'the answer could not be checked against the data-protection rules; withheld',
      );
      return {
        data: null,
        errors: [
          // A refusal like any other: the refusal audit plugin records that this caller got nothing.
          new RequestRefusedError('The answer could not be checked against the data-protection rules', ErrorCode.ProtectionFailed, 422),
        ],
      };
    }
  }
}
