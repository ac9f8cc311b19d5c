import {
  type DocumentNode, type FieldNode, getNamedType, type GraphQLSchema, isAbstractType, Kind, print, type SelectionSetNode, separateOperations, TypeInfo, visit,
  visitWithTypeInfo,
} from 'graphql';
import { sha256 } from '../../platform/sha256';
import { hasIntrospectionInRootFragment } from './root-fragments';
import { type Caller, isMasked, mayRead } from '../../policy/access';
import type { FieldRule, FieldRules, MaskStyle } from '../../policy/field-rules';
import type { Policy } from '../../policy/policy';

/** Alias under which the gateway fetches every returned customer's id for the audit trail (made unique per document). */
const AUDIT_ID_ALIAS = '_auditCustomerId';
/** Alias of the `__typename` the gateway adds for itself (made unique per document): never shown to the client. */
const TYPE_ALIAS = '_protectionTypename';

export interface FieldFacts {
  /** `Type.field`, as rules and the audit trail name it. */
  coordinate: string;
  rule?: FieldRule;
  /** Withheld from this caller: removed before planning, null + FORBIDDEN in the answer. */
  forbidden: boolean;
  mask?: MaskStyle;
}

/** What the data-protection rules mean for one operation and one caller. */
export interface OperationAnalysis {
  /** The operation as the client sent it (only the one to run); `fields` is keyed by its nodes. */
  source: DocumentNode;
  /** The operation as it is planned and executed: forbidden fields removed, audit ids added. */
  document: DocumentNode;
  /** sha256 of the executed document: the query planner's cache key. */
  documentHash: string;
  /** The API schema the operation was analysed with. */
  schema: GraphQLSchema;
  /** An alias no field of the client's operation uses, so the client cannot shadow or forge it. */
  auditAlias: string;
  /**
   * Another such alias, for the `__typename` the gateway fetches on abstract types (to know
   * which fragments apply to an object) and in selections emptied by removals (to keep them valid).
   */
  typeAlias: string;
  /** Facts about every field of the operation as the client sent it. */
  fields: Map<FieldNode, FieldFacts>;
  forbiddenCoordinates: string[];
  /** Introspection inside a root-level fragment: the executed document's root fragments are inlined per request. */
  inlineRootFragments: boolean;
}

/**
 * Walks the operation with the API schema: every field the caller may not read
 * (scopes, purpose) is taken out before the query planner sees it, so no subgraph is
 * asked for it; every selection of a Customer also fetches its id for the audit trail.
 */
export function analyseOperation(
  schema: GraphQLSchema, fullDocument: DocumentNode, operationName: string | null, rules: FieldRules, caller: Caller, policy: Policy,
): OperationAnalysis {
  // Only the operation that runs counts: another operation in the same document is not asked for.
  const document = separateOperations(fullDocument)[operationName ?? ''];
  // Operation resolution refuses such requests first; should one get here, nothing runs.
  if (!document) throw new Error(`The document has no operation named "${operationName ?? ''}"`);
  const auditAlias = uniqueAlias(document, AUDIT_ID_ALIAS);
  const typeAlias = uniqueAlias(document, TYPE_ALIAS);
  const fields = new Map<FieldNode, FieldFacts>();
  const forbidden = new Set<string>();
  const typeInfo = new TypeInfo(schema);
  const transformed = visit(
    document,
    visitWithTypeInfo(typeInfo, {
      Field: {
        enter(node) {
          const parent = typeInfo.getParentType();
          if (!parent) return undefined;
          const coordinate = `${parent.name}.${node.name.value}`;
          const rule = rules.get(coordinate);
          const isForbidden = rule !== undefined && !mayRead(rule, caller);
          fields.set(node, { coordinate, rule, forbidden: isForbidden, mask: rule && !isForbidden && isMasked(rule, caller, policy) ? rule.mask : undefined });
          if (!isForbidden) return undefined;
          forbidden.add(coordinate);
          return null;
        },
      },
      SelectionSet: {
        leave(node) {
          const parent = typeInfo.getParentType();
          const additions = [];
          if (parent && getNamedType(parent).name === 'Customer') additions.push(aliasedField(auditAlias, 'id'));
          // A selection emptied by removals must still be valid GraphQL.
          if (node.selections.length === 0 || (parent && isAbstractType(getNamedType(parent)))) additions.push(aliasedField(typeAlias, '__typename'));
          return additions.length === 0 ? undefined : ({ ...node, selections: [...node.selections, ...additions] } satisfies SelectionSetNode);
        },
      },
    }),
  );
  return {
    source: document, document: transformed, documentHash: sha256(print(transformed)),
    schema, auditAlias, typeAlias, fields, forbiddenCoordinates: [...forbidden], inlineRootFragments: hasIntrospectionInRootFragment(transformed),
  };
}

function uniqueAlias(document: DocumentNode, wanted: string): string {
  const taken = new Set<string>();
  visit(document, { Field: (node) => void taken.add(node.alias?.value ?? node.name.value) });
  let alias = wanted;
  for (let n = 1; taken.has(alias); n++) alias = `${wanted}${n}`;
  return alias;
}

function aliasedField(alias: string | undefined, name: string): FieldNode {
  return {
    kind: Kind.FIELD,
    alias: alias ? { kind: Kind.NAME, value: alias } : undefined,
    name: { kind: Kind.NAME, value: name },
  };
}
