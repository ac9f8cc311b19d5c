import type { SelectionSetNode } from 'graphql';
import { ClientSelections, subSelections } from './client-selections';
import type { OperationAnalysis } from './operation-analysis';

/**
 * The response paths the client asked for, list indices left out (`customers.nodes.email`),
 * read off its operation. A subgraph may refuse a field the query planner fetched only
 * for @requires; that refusal is at a path the client never asked for.
 */
export function requestedPaths(analysis: OperationAnalysis, variables: Record<string, unknown>): Set<string> {
  const paths = new Set<string>();
  const selections = new ClientSelections(analysis.source, variables, analysis.schema);
  const walk = (selectionSets: readonly SelectionSetNode[], prefix: string): void => {
    for (const [key, fields] of selections.collect(selectionSets)) {
      if (analysis.fields.get(fields[0])?.forbidden) continue;
      const path = prefix + key;
      paths.add(path);
      walk(subSelections(fields), `${path}.`);
    }
  };
  if (selections.operation) walk([selections.operation.selectionSet], '');
  return paths;
}
