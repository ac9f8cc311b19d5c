import type { ApolloServerPlugin } from '@apollo/server';
import { costLimitRule } from '@escape.tech/graphql-armor-cost-limit';
import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import { maxDirectivesRule } from '@escape.tech/graphql-armor-max-directives';
import { GraphQLError, Lexer, Source, TokenKind, validate, type ValidationRule } from 'graphql';
import { BoundedCache } from '../../platform/bounded-cache';
import type { ClientKind, OperationLimits, Policy } from '../../policy/policy';
import { ErrorCode } from '../../resolvers/errors';
import type { GatewayContext } from '../gateway-context';

/**
 * graphql-armor's depth, alias, directive and cost rules, plus a token count, with the
 * limits of the caller's client kind. Apollo validates a document once for everyone, so
 * limits that differ per caller are checked here, once per client kind and document.
 * First-party callers are told which limit they hit; partners only that they hit one.
 */
export function operationLimitsPlugin(policy: Policy): ApolloServerPlugin<GatewayContext> {
  const rules = { 'first-party': rulesFor(policy.limits['first-party']), partner: rulesFor(policy.limits.partner) };
  const verdicts = new BoundedCache<string[]>(10_000);
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ contextValue, document, schema, source, queryHash }) {
          const kind: ClientKind = contextValue.principal.clientKind;
          const key = `${kind}:${queryHash}`;
          let violations = verdicts.get(key);
          if (!violations) {
            // graphql-armor words its messages as syntax errors; they are not.
            violations = validate(schema, document, rules[kind]).map((error) => error.message.replace(/^Syntax Error: /, ''));
            const tokens = policy.limits[kind].tokens;
            if (countTokens(source, tokens) > tokens) violations.push(`Token limit of ${tokens} exceeded.`);
            verdicts.set(key, violations);
          }
          if (violations.length === 0) return;
          const message = kind === 'partner' ? 'The operation exceeds the limits agreed for this client' : `The operation exceeds the limits: ${violations.join(' ')}`;
          throw new GraphQLError(message, { extensions: { code: ErrorCode.OperationTooLarge, http: { status: 400 } } });
        },
      };
    },
  };
}

/** The parse-time cap for everyone: the largest token limit of any client kind. */
export function maxTokensOf(policy: Policy): number {
  return Math.max(...Object.values(policy.limits).map((limits) => limits.tokens));
}

function rulesFor(limits: OperationLimits): ValidationRule[] {
  // Report every violation into the validation result instead of stopping at the first.
  const report = { propagateOnRejection: false, onReject: [(context: { reportError: (e: GraphQLError) => void } | null, error: GraphQLError) => context?.reportError(error)] };
  return [
    maxDepthRule({ ...report, n: limits.depth }),
    maxAliasesRule({ ...report, n: limits.aliases }),
    maxDirectivesRule({ ...report, n: limits.directives }),
    costLimitRule({ ...report, maxCost: limits.cost }),
  ] as ValidationRule[];
}

function countTokens(source: string, stopAfter: number): number {
  const lexer = new Lexer(new Source(source));
  let count = 0;
  while (lexer.advance().kind !== TokenKind.EOF && count <= stopAfter) count += 1;
  return count;
}
