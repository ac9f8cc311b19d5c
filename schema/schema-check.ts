import { CriticalityLevel, diff } from '@graphql-inspector/core';
import { buildSchema, type GraphQLSchema, parse, printSchema, validate } from 'graphql';
import type { PersistedOperation } from '../contracts/persisted-operation';

export interface AllowedBreakingChange {
  /** As @graphql-inspector/core words it, e.g. "Field 'email' was removed from object type 'Customer'". */
  description: string;
  /** Why it is acceptable, and who agreed (reviewed with the change). */
  reason: string;
}

interface SchemaCheckResult {
  /** Breaking changes the exceptions file does not list: these fail the check. */
  breaking: string[];
  /** Breaking changes the exceptions file lists. */
  allowed: string[];
  /** Changes that may affect clients (an enum value or an argument added to a field): reported, never failing. */
  dangerous: string[];
  safe: string[];
  invalidOperations: string[];
  changed: boolean;
}

/**
 * Compares the API schema a change produces with the published contract, classifying each
 * change with @graphql-inspector/core: breaking changes must be listed (with a reason) in the
 * reviewed exceptions file, dangerous ones are reported, and every registered partner
 * operation must still validate.
 */
export async function checkSchema(
  contractSdl: string,
  next: GraphQLSchema,
  allowedChanges: AllowedBreakingChange[],
  operations: Array<{ clientId: string; operation: PersistedOperation }>,
): Promise<SchemaCheckResult> {
  const contract = buildSchema(contractSdl);
  const allowedDescriptions = new Set(allowedChanges.map((change) => change.description));
  const changes = await diff(contract, next);
  const messages = (level: CriticalityLevel) =>
    changes.filter((change) => change.criticality.level === level).map((change) => change.message);
  const breaking = messages(CriticalityLevel.Breaking);
  return {
    breaking: breaking.filter((description) => !allowedDescriptions.has(description)),
    allowed: breaking.filter((description) => allowedDescriptions.has(description)),
    dangerous: messages(CriticalityLevel.Dangerous),
    safe: messages(CriticalityLevel.NonBreaking),
    invalidOperations: operations.flatMap(({ clientId, operation }) =>
      validate(next, parse(operation.body)).map((error) => `${clientId}/${operation.name}: ${error.message}`),
    ),
    changed: printSchema(contract) !== printSchema(next),
  };
}
