import { GraphQLError, type GraphQLSchema, isScalarType, print, valueFromASTUntyped } from 'graphql';
import { resolvers as knownScalars } from 'graphql-scalars';
import { ErrorCode } from '../contracts/error-codes';
import { INVALID_SCALAR_INPUT } from '../platform/mask-unexpected-errors';

/**
 * The supergraph names its custom scalars (DateTimeISO, LocalDate) without their rules, so
 * the gateway would pass any literal on and the subgraph's refusal would look like an
 * outage. The API schema's scalars get the input checks of the library the subgraphs
 * declare them with; what passes is forwarded as the caller wrote it.
 */
export function checkScalarInputs(schema: GraphQLSchema): GraphQLSchema {
  for (const type of Object.values(schema.getTypeMap())) {
    const known = (knownScalars as Record<string, unknown>)[type.name];
    if (!isScalarType(type) || !isScalarType(known)) continue;
    const refuse = (found: string): never => {
      throw new GraphQLError(`Expected a value of type ${type.name}, found ${found}`, {
        extensions: { code: ErrorCode.BadUserInput, [INVALID_SCALAR_INPUT]: true },
      });
    };
    Object.assign(type, {
      parseValue: (value: unknown) => {
        try {
          known.parseValue(value);
        } catch {
          refuse(JSON.stringify(value) ?? String(value));
        }
        return value;
      },
      parseLiteral: (node: Parameters<typeof known.parseLiteral>[0], variables?: Record<string, unknown> | null) => {
        try {
          known.parseLiteral(node, variables);
        } catch {
          refuse(print(node));
        }
        return valueFromASTUntyped(node, variables);
      },
    });
  }
  return schema;
}
