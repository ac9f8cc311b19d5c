import {
  type DocumentNode,
  type FieldNode,
  getNamedType,
  type GraphQLSchema,
  isAbstractType,
  Kind,
  print,
  type SelectionSetNode,
  separateOperations,
  TypeInfo,
  visit,
  visitWithTypeInfo,
} from 'graphql';
import { sha256 } from '../../platform/sha256';
import { hasIntrospectionInRootFragment } from './root-fragments';
import type { Caller } from '../../contracts/principal';
import { isMasked, mayRead } from '../../policy/access';
import type { FieldRule, FieldRules, MaskStyle } from '../../policy/field-rules';
import type { Policy } from '../../policy/policy';

/** Alias under which the gateway fetches every returned customer's id for the audit trail (made unique per document). */
const AUDIT_ID_ALIAS = '_auditCustomerId';
/** Alias of the `__typename` the gateway adds for itself (made unique per document): never shown to the client. */
const TYPE_ALIAS = '_protectionTypename';
/** Prefix of the aliases the client's aliased fields are fetched under (made unique per document). */
const CLIENT_ALIAS_PREFIX = '_clientAlias';

interface FieldFacts {
  /** `Type.field`, as rules and the audit trail name it. */
  coordinate: string;
  rule?: FieldRule;
  /** Withheld from this caller: removed before planning, null + FORBIDDEN in the answer. */
  forbidden: boolean;
  mask?: MaskStyle;
  /** The response key the field is fetched under, when it is not the client's (see `clientKeys`). */
  executedKey?: string;
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
  /**
   * Every alias of the client's is fetched under one of the gateway's (and answered under the
   * client's again): the query planner mixes a client's `id: customerSince` or `accounts: email`
   * with the key and @requires fields it fetches itself. Executed key → the client's.
   */
  clientKeys: Map<string, string>;
}

/**
 * Walks the operation with the API schema: every field the caller may not read
 * (scopes, purpose) is taken out before the query planner sees it, so no subgraph is
 * asked for it; every selection of a Customer also fetches its id for the audit trail.
 */
export function analyseOperation(
  schema: GraphQLSchema,
  fullDocument: DocumentNode,
  operationName: string | null,
  rules: FieldRules,
  caller: Caller,
  policy: Policy,
): OperationAnalysis {
  // Only the operation that runs counts: another operation in the same document is not asked for.
  const document = separateOperations(fullDocument)[operationName ?? ''];
  // Operation resolution refuses such requests first; should one get here, nothing runs.
  if (!document) throw new Error(`The document has no operation named "${operationName ?? ''}"`);
  const taken = responseKeysOf(document);
  const auditAlias = uniqueAlias(taken, AUDIT_ID_ALIAS);
  const typeAlias = uniqueAlias(taken, TYPE_ALIAS);
  const aliasPrefix = uniquePrefix(taken, CLIENT_ALIAS_PREFIX);
  const executedKeys = new Map<string, string>();
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
          const facts: FieldFacts = {
            coordinate,
            rule,
            forbidden: isForbidden,
            mask: rule && !isForbidden && isMasked(rule, caller, policy) ? rule.mask : undefined,
          };
          fields.set(node, facts);
          if (isForbidden) {
            forbidden.add(coordinate);
            return null;
          }
          const alias = node.alias?.value;
          if (alias === undefined || alias === node.name.value) return undefined;
          let executedKey = executedKeys.get(alias);
          if (!executedKey) executedKeys.set(alias, (executedKey = `${aliasPrefix}${executedKeys.size}`));
          facts.executedKey = executedKey;
          return { ...node, alias: { kind: Kind.NAME, value: executedKey } } satisfies FieldNode;
        },
      },
      SelectionSet: {
        leave(node) {
          const parent = typeInfo.getParentType();
          const additions = [];
          if (parent && getNamedType(parent).name === 'Customer') additions.push(aliasedField(auditAlias, 'id'));
          // A selection emptied by removals must still be valid GraphQL.
          if (node.selections.length === 0 || (parent && isAbstractType(getNamedType(parent))))
            additions.push(aliasedField(typeAlias, '__typename'));
          return additions.length === 0
            ? undefined
            : ({ ...node, selections: [...node.selections, ...additions] } satisfies SelectionSetNode);
        },
      },
    }),
  );
  return {
    source: document,
    document: transformed,
    documentHash: sha256(print(transformed)),
    schema,
    auditAlias,
    typeAlias,
    fields,
    forbiddenCoordinates: [...forbidden],
    inlineRootFragments: hasIntrospectionInRootFragment(transformed),
    clientKeys: new Map([...executedKeys].map(([client, executed]) => [executed, client])),
  };
}

/** Every response key the document uses. */
function responseKeysOf(document: DocumentNode): Set<string> {
  const keys = new Set<string>();
  visit(document, { Field: (node) => void keys.add(node.alias?.value ?? node.name.value) });
  return keys;
}

/** `wanted`, or `wanted` numbered, so that no key of the document is it. */
function uniqueAlias(taken: ReadonlySet<string>, wanted: string): string {
  let alias = wanted;
  for (let n = 1; taken.has(alias); n++) alias = `${wanted}${n}`;
  return alias;
}

/** A prefix no response key of the document starts with. */
function uniquePrefix(taken: ReadonlySet<string>, wanted: string): string {
  let prefix = wanted;
  while ([...taken].some((key) => key.startsWith(prefix))) prefix += '_';
  return prefix;
}

function aliasedField(alias: string | undefined, name: string): FieldNode {
  return {
    kind: Kind.FIELD,
    alias: alias ? { kind: Kind.NAME, value: alias } : undefined,
    name: { kind: Kind.NAME, value: name },
  };
}
