import type { SelectionSetNode } from 'graphql';
import { ForbiddenFieldError } from '../../contracts/errors';
import { ClientSelections } from './client-selections';
import { mask } from './masks';
import type { OperationAnalysis } from './operation-analysis';

/** What the rules did to one answer, as schema coordinates for whoever it concerned. */
export interface CoordinateAccess {
  returned: Set<string>;
  masked: Set<string>;
  denied: Set<string>;
}

/**
 * The response paths the client asked for, list indices left out (`customers.nodes.email`), as
 * a tree of response keys. A subgraph may refuse a field the query planner fetched only for
 * @requires; that refusal is at a path the client never asked for. (Exported as the type of
 * `ProtectionOutcome.requested`.)
 */
export class RequestedPaths {
  private readonly below = new Map<string, RequestedPaths>();

  /** The path one key further down, asked for from now on. */
  child(key: string): RequestedPaths {
    let child = this.below.get(key);
    if (!child) this.below.set(key, (child = new RequestedPaths()));
    return child;
  }

  /** Whether the client asked for `path`, whatever list indices it holds. */
  has(path: ReadonlyArray<string | number>): boolean {
    let at: RequestedPaths = this;
    for (const step of path) {
      if (typeof step !== 'string') continue;
      const below = at.below.get(step);
      if (!below) return false;
      at = below;
    }
    return at !== this;
  }
}

/** What the rules did to one response: the client is told, the audit trail records it. */
export interface ProtectionOutcome {
  /** The answer as the client asked for it: its keys, in its order, masked and withheld. */
  data: Record<string, unknown> | null | undefined;
  errors: ForbiddenFieldError[];
  /** Response paths of masked values, for `extensions.maskedPaths`. */
  maskedPaths: string[];
  /** Per customer returned (by customer number), in the order they first appear. */
  customers: Map<string, CoordinateAccess>;
  /** Classified coordinates outside any customer (`Query.accessLog`). */
  operation: CoordinateAccess;
  /** What the client asked for: traced only when some path was refused (`deniedByPath`), to tell whether it was asked for. */
  requested: RequestedPaths;
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

function emptyAccess(): CoordinateAccess {
  return { returned: new Set(), masked: new Set(), denied: new Set() };
}

/**
 * Builds the client's answer from the executed data, along the operation the client sent, in
 * one walk: only the keys it selected, in its order (nothing the gateway fetched for itself);
 * withheld fields null with a FORBIDDEN error at their path (they are all nullable); masked
 * fields masked. On the way it notes, for each customer, which classified coordinates were
 * returned, masked and denied — `deniedByPath` holds the paths a subgraph refused (consent,
 * restriction) — and, when a subgraph refused any, which paths the client asked for: those it
 * walks, and below a value it cannot walk into (none, null, a scalar, an empty list) every path
 * the operation selects there all the same.
 */
export function applyToResponse(
  data: Record<string, unknown> | null | undefined,
  analysis: OperationAnalysis,
  variables: Record<string, unknown>,
  deniedByPath: ReadonlySet<string> = new Set(),
): ProtectionOutcome {
  const requested = new RequestedPaths();
  const outcome: ProtectionOutcome = { data, errors: [], maskedPaths: [], customers: new Map(), operation: emptyAccess(), requested };
  const selections = new ClientSelections(analysis.source, variables, analysis.schema);
  if (!selections.operation) return outcome;
  // Only a refused path is ever looked up: without one, no path is traced.
  const traced = deniedByPath.size > 0 ? requested : undefined;
  /** Where the answer holds nothing to walk into, the paths the operation selects below `at`. */
  const askedFor = (selectionSets: readonly SelectionSetNode[], at: RequestedPaths): void => {
    if (selectionSets.length === 0) return;
    for (const [key, fields] of selections.collect(selectionSets)) {
      if (!analysis.fields.get(fields[0])?.forbidden) askedFor(selections.subSelections(fields), at.child(key));
    }
  };
  const root = [selections.operation.selectionSet];
  if (!data) {
    if (traced) askedFor(root, traced);
    return outcome;
  }

  const accessOf = (customerId: unknown): CoordinateAccess => {
    const id = String(customerId);
    let access = outcome.customers.get(id);
    if (!access) outcome.customers.set(id, (access = emptyAccess()));
    return access;
  };

  const walkObject = (
    object: Record<string, unknown>,
    selectionSets: readonly SelectionSetNode[],
    parent: PathStep | undefined,
    at: RequestedPaths | undefined,
    owner: CoordinateAccess,
  ): Record<string, unknown> => {
    const auditId = object[analysis.auditAlias];
    if (auditId !== undefined && auditId !== null) owner = accessOf(auditId);
    // Only the type the gateway fetched for itself: a client's `__typename` is the client's to alias.
    const typeName = object[analysis.typeAlias];
    const answer: Record<string, unknown> = {};
    for (const [key, fields] of selections.collect(selectionSets, typeof typeName === 'string' ? typeName : undefined)) {
      const facts = analysis.fields.get(fields[0]);
      if (facts?.forbidden) {
        const path = pathOf({ parent, key });
        answer[key] = null;
        owner.denied.add(facts.coordinate);
        const verb = facts.coordinate.startsWith('Mutation.') ? 'send' : 'read';
        outcome.errors.push(new ForbiddenFieldError(`You may not ${verb} ${facts.coordinate}`, path));
        continue;
      }
      const asked = at?.child(key);
      const value = object[facts?.executedKey ?? key];
      if (value === undefined || value === null) {
        if (value === null) {
          answer[key] = null;
          if (facts && deniedByPath.size > 0 && deniedByPath.has(pathOf({ parent, key }).join('.'))) owner.denied.add(facts.coordinate);
        }
        if (asked) askedFor(selections.subSelections(fields), asked);
        continue;
      }
      if (facts?.rule) owner.returned.add(facts.coordinate);
      // A masked value is a string: nothing is selected below it.
      if (facts?.mask) {
        answer[key] = mask(facts.mask, value);
        owner.masked.add(facts.coordinate);
        outcome.maskedPaths.push(pathOf({ parent, key }).join('.'));
        continue;
      }
      const children = selections.subSelections(fields);
      answer[key] = children.length > 0 ? walkValue(value, children, { parent, key }, asked, owner) : value;
    }
    return answer;
  };

  const walkValue = (
    value: unknown,
    selectionSets: readonly SelectionSetNode[],
    step: PathStep,
    at: RequestedPaths | undefined,
    owner: CoordinateAccess,
  ): unknown => {
    if (Array.isArray(value)) {
      if (at && value.length === 0) askedFor(selectionSets, at);
      return value.map((item, index) => walkValue(item, selectionSets, { parent: step, key: index }, at, owner));
    }
    if (value !== null && typeof value === 'object') return walkObject(value as Record<string, unknown>, selectionSets, step, at, owner);
    if (at) askedFor(selectionSets, at);
    return value;
  };

  outcome.data = walkObject(data, root, undefined, traced, outcome.operation);
  return outcome;
}
