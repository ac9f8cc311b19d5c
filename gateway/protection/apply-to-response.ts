import type { SelectionSetNode } from 'graphql';
import { ForbiddenFieldError } from '../../resolvers/errors';
import { ClientSelections, responseKey } from './client-selections';
import { mask } from './masks';
import type { OperationAnalysis } from './operation-analysis';

/** What the rules did to one response: the audit trail records it, the client is told. */
export interface ProtectionOutcome {
  errors: ForbiddenFieldError[];
  maskedPaths: string[];
  deniedPaths: string[];
  customerIds: string[];
  /** `Type.field` of every classified field that came back with a value. */
  classifiedFields: string[];
}

/**
 * One step of a response path, linked to its parent: a path is only spelled out for the
 * few fields that are denied or masked, not copied for every field of every object.
 */
interface PathStep {
  parent: PathStep | undefined;
  key: string | number;
}

function pathOf(step: PathStep): Array<string | number> {
  const path: Array<string | number> = [];
  for (let at: PathStep | undefined = step; at; at = at.parent) path.push(at.key);
  return path.reverse();
}

/**
 * Walks the executed data along the operation the client sent: withheld fields
 * become null with a FORBIDDEN error at their path (they are all nullable), masked
 * fields are masked, and returned customers and classified fields are noted.
 */
export function applyToResponse(
  data: Record<string, unknown> | null | undefined, analysis: OperationAnalysis, variables: Record<string, unknown> | undefined,
): ProtectionOutcome {
  const outcome: ProtectionOutcome = { errors: [], maskedPaths: [], deniedPaths: [], customerIds: [], classifiedFields: [] };
  const selections = new ClientSelections(analysis.source, variables);
  if (!data || !selections.operation) return outcome;
  const customerIds = new Set<string>();
  const classified = new Set<string>();

  const walkObject = (object: Record<string, unknown>, selectionSet: SelectionSetNode, parent: PathStep | undefined): void => {
    selections.forEachField(selectionSet, (field) => {
      const key = responseKey(field);
      const facts = analysis.fields.get(field);
      if (facts?.forbidden) {
        const path = pathOf({ parent, key });
        object[key] = null;
        outcome.deniedPaths.push(path.join('.'));
        outcome.errors.push(new ForbiddenFieldError(`You may not read ${facts.coordinate}`, path));
        return;
      }
      const value = object[key];
      if (value === null || value === undefined) return;
      if (facts?.rule) classified.add(facts.coordinate);
      if (facts?.mask) {
        object[key] = mask(facts.mask, value);
        outcome.maskedPaths.push(pathOf({ parent, key }).join('.'));
      }
      if (field.selectionSet) walkValue(value, field.selectionSet, { parent, key });
    });
    const auditId = object[analysis.auditAlias];
    if (auditId !== undefined) {
      customerIds.add(String(auditId));
      delete object[analysis.auditAlias];
    }
  };

  const walkValue = (value: unknown, selectionSet: SelectionSetNode, step: PathStep): void => {
    if (Array.isArray(value)) value.forEach((item, index) => walkValue(item, selectionSet, { parent: step, key: index }));
    else if (value !== null && typeof value === 'object') walkObject(value as Record<string, unknown>, selectionSet, step);
  };

  walkObject(data, selections.operation.selectionSet, undefined);
  outcome.customerIds = [...customerIds];
  outcome.classifiedFields = [...classified];
  return outcome;
}
