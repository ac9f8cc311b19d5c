import { type DocumentNode, Kind, type OperationDefinitionNode, type SelectionSetNode } from 'graphql';
import { fragmentsOf } from '../protection/document-parts';

/** How many aliases and directives an operation holds once every fragment spread is expanded where it stands. */
interface SelectionCounts {
  aliases: number;
  directives: number;
}

/**
 * Counts every alias (`a1: __typename` included) and every directive (on fields, inline
 * fragments and each fragment spread) as often as it occurs in the expanded operation: a
 * fragment spread 100 times counts 100 times. Fragments are weighed once and multiplied,
 * so a document that nests spreads cannot make the count itself expensive.
 */
export function countSelections(document: DocumentNode, operation: OperationDefinitionNode): SelectionCounts {
  const fragments = fragmentsOf(document);
  const weighed = new Map<string, SelectionCounts>();

  const ofFragment = (name: string): SelectionCounts => {
    let counts = weighed.get(name);
    if (counts) return counts;
    const fragment = fragments.get(name);
    weighed.set(name, { aliases: 0, directives: 0 }); // a cycle (refused by validation anyway) adds nothing
    counts = fragment
      ? add({ aliases: 0, directives: fragment.directives?.length ?? 0 }, ofSelections(fragment.selectionSet))
      : { aliases: 0, directives: 0 };
    weighed.set(name, counts);
    return counts;
  };

  const ofSelections = (selectionSet: SelectionSetNode): SelectionCounts => {
    const total: SelectionCounts = { aliases: 0, directives: 0 };
    for (const selection of selectionSet.selections) {
      total.directives += selection.directives?.length ?? 0;
      if (selection.kind === Kind.FIELD) {
        if (selection.alias) total.aliases += 1;
        if (selection.selectionSet) add(total, ofSelections(selection.selectionSet));
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        add(total, ofSelections(selection.selectionSet));
      } else {
        add(total, ofFragment(selection.name.value));
      }
    }
    return total;
  };

  return add({ aliases: 0, directives: operation.directives?.length ?? 0 }, ofSelections(operation.selectionSet));
}

function add(total: SelectionCounts, part: SelectionCounts): SelectionCounts {
  total.aliases += part.aliases;
  total.directives += part.directives;
  return total;
}
