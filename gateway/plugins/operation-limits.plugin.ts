import type { ApolloServerPlugin } from '@apollo/server';
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import { type GraphQLError, Lexer, Source, TokenKind, validate, type ValidationRule } from 'graphql';
import { LRUCache } from 'lru-cache';
import type { ClientKind, OperationLimits, Policy } from '../../policy/policy';
import type { GatewayContext } from '../gateway-context';
import { operationTooLarge } from '../refusal';
import { countSelections } from '../limits/selection-counts';

/**
 * graphql-armor's depth rule, aliases and directives counted in the expanded operation,
 * and a token count, with the limits of the caller's client kind (the cost, which needs the
 * variables, is estimated with the data-protection plan). Apollo validates a document once for everyone, so
 * limits that differ per caller are checked here, once per client kind and document.
 * First-party callers are told which limit they hit; partners only that they hit one.
 */
export function operationLimitsPlugin(policy: Policy): ApolloServerPlugin<GatewayContext> {
  const rules = { 'first-party': rulesFor(policy.limits['first-party']), partner: rulesFor(policy.limits.partner) };
  const verdicts = new LRUCache<string, string[]>({ max: 10_000 });
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ contextValue, document, operation, schema, source, queryHash }) {
          if (!operation) return;
          const kind: ClientKind = contextValue.principal.clientKind;
          const key = `${kind}:${queryHash}:${operation.name?.value ?? ''}`;
          let violations = verdicts.get(key);
          if (!violations) {
            const limits = policy.limits[kind];
            // graphql-armor words its messages as syntax errors; they are not.
            violations = validate(schema, document, rules[kind]).map((error) => error.message.replace(/^Syntax Error: /, ''));
            const counts = countSelections(document, operation);
            if (counts.aliases > limits.aliases) violations.push(`Aliases limit of ${limits.aliases} exceeded, found ${counts.aliases}.`);
            if (counts.directives > limits.directives)
              violations.push(`Directives limit of ${limits.directives} exceeded, found ${counts.directives}.`);
            if (countTokens(source, limits.tokens) > limits.tokens) violations.push(`Token limit of ${limits.tokens} exceeded.`);
            verdicts.set(key, violations);
          }
          if (violations.length > 0) throw operationTooLarge(kind, violations);
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
  const report = {
    propagateOnRejection: false,
    onReject: [(context: { reportError: (e: GraphQLError) => void } | null, error: GraphQLError) => context?.reportError(error)],
  };
  return [maxDepthRule({ ...report, n: limits.depth })] as ValidationRule[];
}

function countTokens(source: string, stopAfter: number): number {
  const lexer = new Lexer(new Source(source));
  let count = 0;
  while (lexer.advance().kind !== TokenKind.EOF && count <= stopAfter) count += 1;
  return count;
}
