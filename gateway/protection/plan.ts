import type { GatewayGraphQLRequestContext } from '@apollo/server-gateway-interface';
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
import { LRUCache } from 'lru-cache';
import { sha256 } from '../../platform/sha256';
import { callerKey, callerOf, type Principal } from '../../contracts/principal';
import { ErrorCode } from '../../contracts/error-codes';
import { checkRulesAgainstPolicy } from '../../policy/access';
import { fieldRulesFromSdl, type FieldRules } from '../../policy/field-rules';
import type { Policy } from '../../policy/policy';
import type { GatewayContext } from '../gateway-context';
import { type Demand, estimateDemand } from '../limits/demand';
import { type ListSizes, listSizesFromSdl } from '../../policy/list-sizes';
import { undecidableCondition } from './client-selections';
import { analyseOperation, type OperationAnalysis } from './operation-analysis';
import { inlineRootFragments } from './root-fragments';

const ANALYSIS_CACHE_SIZE = 1000;

/**
 * The first stage of protection, the plan: what the data-protection rules mean for an operation
 * and its caller (`analyseOperation`: forbidden fields removed, audit ids added), worked out once
 * per operation and caller shape and cached; per request, the variables as the operation coerces
 * them and the document the query planner gets. The rules (and the list sizes the demand of an
 * operation is weighed with) are the supergraph's composed directives.
 */
export class ProtectionPlans {
  private rules: FieldRules = new Map();
  private listSizes: ListSizes = new Map();
  private readonly analyses = new LRUCache<string, OperationAnalysis>({ max: ANALYSIS_CACHE_SIZE });
  /** Each request's variables as the admission step coerced them, until its answer is protected. */
  private readonly coercedVariables = new WeakMap<GatewayContext, Record<string, unknown>>();

  constructor(private readonly policy: Policy) {}

  /** Reads the rules and list sizes from the supergraph; rules the policy does not match are refused. */
  load(supergraphSdl: string): void {
    const supergraph = parse(supergraphSdl);
    const rules = fieldRulesFromSdl(supergraph);
    const problems = checkRulesAgainstPolicy(rules, this.policy);
    if (problems.length > 0)
      throw new Error(`The supergraph's data-protection rules do not match the policy:\n  - ${problems.join('\n  - ')}`);
    this.rules = rules;
    this.listSizes = listSizesFromSdl(supergraph);
  }

  /** Cached per operation, purpose and scopes: the same caller shape always gets the same plan. */
  planOf(
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

  /**
   * The request's variables as its operation coerces them (defaults applied), once per request; bad ones are the
   * caller's error. `analysis` is the operation's: its conditions are judged, not those of the document's others.
   */
  variablesOf(
    context: GatewayContext,
    schema: GraphQLSchema,
    analysis: OperationAnalysis,
    operation: OperationDefinitionNode,
    raw: Record<string, unknown> | undefined,
  ): Record<string, unknown> {
    let variables = this.coercedVariables.get(context);
    if (!variables) {
      const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], raw ?? {});
      if (coerced.errors) throw badVariables(coerced.errors);
      // A nullable variable with a default may still be sent as null, which no @skip/@include can take.
      const undecidable = undecidableCondition(analysis.source, coerced.coerced);
      if (undecidable) throw badVariables([undecidable]);
      this.coercedVariables.set(context, (variables = coerced.coerced));
    }
    return variables;
  }

  /** The planned operation weighed with these variables: its cost, and the customers it can return, by the declared list sizes. */
  demandOf(schema: GraphQLSchema, analysis: OperationAnalysis, variables: Record<string, unknown>): Demand {
    return estimateDemand(schema, analysis.document, plannedOperation(analysis), variables, this.listSizes);
  }
}

/** The document the planner gets, and its cache key. */
export function executedDocument(
  analysis: OperationAnalysis,
  variables: Record<string, unknown>,
): { document: DocumentNode; queryHash: string } {
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

/** The one operation of the planned document. */
function plannedOperation(analysis: OperationAnalysis): OperationDefinitionNode {
  return analysis.document.definitions.find(
    (definition): definition is OperationDefinitionNode => definition.kind === Kind.OPERATION_DEFINITION,
  )!;
}
