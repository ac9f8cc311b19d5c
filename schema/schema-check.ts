import { buildSchema, findBreakingChanges, type GraphQLSchema, parse, printSchema, validate } from 'graphql';
import type { PersistedOperation } from '../contracts/persisted-operation';

export interface AllowedBreakingChange {
  /** As `findBreakingChanges` words it, e.g. "Customer.email was removed." */
  description: string;
  /** Why it is acceptable, and who agreed (reviewed with the change). */
  reason: string;
}

export interface SchemaCheckResult {
  breaking: string[];
  allowed: string[];
  invalidOperations: string[];
  changed: boolean;
}

/**
 * Compares the API schema a change produces with the published contract: breaking
 * changes must be listed (with a reason) in the reviewed exceptions file, and every
 * registered partner operation must still validate.
 */
export function checkSchema(
  contractSdl: string,
  next: GraphQLSchema,
  allowedChanges: AllowedBreakingChange[],
  operations: Array<{ clientId: string; operation: PersistedOperation }>,
): SchemaCheckResult {
  const contract = buildSchema(contractSdl);
  const allowedDescriptions = new Set(allowedChanges.map((change) => change.description));
  const changes = findBreakingChanges(contract, next).map((change) => change.description);
  return {
    breaking: changes.filter((description) => !allowedDescriptions.has(description)),
    allowed: changes.filter((description) => allowedDescriptions.has(description)),
    invalidOperations: operations.flatMap(({ clientId, operation }) =>
      validate(next, parse(operation.body)).map((error) => `${clientId}/${operation.name}: ${error.message}`),
    ),
    changed: printSchema(contract) !== printSchema(next),
  };
}
