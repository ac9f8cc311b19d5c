import type { SelectionSetNode } from 'graphql';
import { ClientSelections, responseKey } from './client-selections';
import type { OperationAnalysis } from './operation-analysis';

/**
 * The response paths the client asked for, list indices left out (`customers.nodes.email`),
 * read off its operation. A subgraph may refuse a field the query planner fetched only
 * for @requires; that refusal is at a path the client never asked for.
 */
export function requestedPaths(analysis: OperationAnalysis, variables: Record<string, unknown> | undefined): Set<string> {
  const paths = new Set<string>();
  const selections = new ClientSelections(analysis.source, variables);
  const walk = (selectionSet: SelectionSetNode, prefix: string): void =>
    selections.forEachField(selectionSet, (field) => {
      if (analysis.fields.get(field)?.forbidden) return;
      const path = prefix + responseKey(field);
      paths.add(path);
      if (field.selectionSet) walk(field.selectionSet, `${path}.`);
    });
  if (selections.operation) walk(selections.operation.selectionSet, '');
  return paths;
}
