import {
  type FieldNode, type FragmentDefinitionNode, type FragmentSpreadNode, getDirectiveValues, GraphQLIncludeDirective, GraphQLSkipDirective,
  type InlineFragmentNode, Kind, type SelectionSetNode,
} from 'graphql';
import { ForbiddenFieldError } from '../../resolvers/errors';
import { mask } from './masks';
import type { OperationAnalysis } from './operation-analysis';

type Path = Array<string | number>;

/** What the rules did to one response: the audit trail records it, the client is told. */
export interface ProtectionOutcome {
  errors: ForbiddenFieldError[];
  maskedPaths: string[];
  deniedPaths: string[];
  customerIds: string[];
  /** `Type.field` of every classified field that came back with a value. */
  classifiedFields: string[];
  /** Response paths the client asked for, list indices left out (`customers.nodes.email`). */
  requestedPaths: Set<string>;
}

/**
 * Walks the executed data along the operation the client sent: withheld fields
 * become null with a FORBIDDEN error at their path (they are all nullable), masked
 * fields are masked, and returned customers and classified fields are noted.
 */
export function applyToResponse(
  data: Record<string, unknown> | null | undefined, analysis: OperationAnalysis, variables: Record<string, unknown> | undefined,
): ProtectionOutcome {
  const document = analysis.source;
  const outcome: ProtectionOutcome = { errors: [], maskedPaths: [], deniedPaths: [], customerIds: [], classifiedFields: [], requestedPaths: new Set() };
  const customerIds = new Set<string>();
  const classified = new Set<string>();
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  const operation = document.definitions.find((definition) => definition.kind === Kind.OPERATION_DEFINITION);
  const included = (node: FieldNode | InlineFragmentNode | FragmentSpreadNode) =>
    getDirectiveValues(GraphQLSkipDirective, node, variables)?.if !== true && getDirectiveValues(GraphQLIncludeDirective, node, variables)?.if !== false;
  if (!data || !operation || operation.kind !== Kind.OPERATION_DEFINITION) return outcome;

  const walkObject = (object: Record<string, unknown>, selectionSet: SelectionSetNode, path: Path): void => {
    for (const selection of selectionSet.selections) {
      // A field the client excluded with @skip/@include is not in the answer, allowed or not.
      if (!included(selection)) continue;
      if (selection.kind === Kind.INLINE_FRAGMENT) {
        walkObject(object, selection.selectionSet, path);
        continue;
      }
      if (selection.kind === Kind.FRAGMENT_SPREAD) {
        const fragment = fragments.get(selection.name.value);
        if (fragment) walkObject(object, fragment.selectionSet, path);
        continue;
      }
      const key = selection.alias?.value ?? selection.name.value;
      const facts = analysis.fields.get(selection);
      const fieldPath = [...path, key];
      if (facts?.forbidden) {
        object[key] = null;
        outcome.deniedPaths.push(fieldPath.join('.'));
        outcome.errors.push(new ForbiddenFieldError(`You may not read ${facts.coordinate}`, fieldPath));
        continue;
      }
      outcome.requestedPaths.add(fieldPath.filter((step) => typeof step === 'string').join('.'));
      const value = object[key];
      if (value === null || value === undefined) continue;
      if (facts?.rule) classified.add(facts.coordinate);
      if (facts?.mask) {
        object[key] = mask(facts.mask, value);
        outcome.maskedPaths.push(fieldPath.join('.'));
      }
      if (selection.selectionSet) walkValue(value, selection.selectionSet, fieldPath);
    }
    const auditId = object[analysis.auditAlias];
    if (auditId !== undefined) {
      customerIds.add(String(auditId));
      delete object[analysis.auditAlias];
    }
  };

  const walkValue = (value: unknown, selectionSet: SelectionSetNode, path: Path): void => {
    if (Array.isArray(value)) value.forEach((item, index) => walkValue(item, selectionSet, [...path, index]));
    else if (value !== null && typeof value === 'object') walkObject(value as Record<string, unknown>, selectionSet, path);
  };

  walkObject(data, operation.selectionSet, []);
  outcome.customerIds = [...customerIds];
  outcome.classifiedFields = [...classified];
  return outcome;
}
