import { type DocumentNode, Kind, valueFromASTUntyped } from 'graphql';

/** What `@listSize` says of a list field (Federation's demand-control directive). */
export interface ListSize {
  assumedSize?: number;
  slicingArguments?: string[];
  /** Fields of the returned object whose lists the slicing arguments size (a page's `nodes`). */
  sizedFields?: string[];
}

/** `Type.field` → its `@listSize`, read from the supergraph. */
export type ListSizes = Map<string, ListSize>;

/** Every `@listSize` of the SDL: the gateway weighs operations by them, the subject-access export pages by their slicing arguments. */
export function listSizesFromSdl(document: DocumentNode): ListSizes {
  const sizes: ListSizes = new Map();
  for (const definition of document.definitions) {
    if (
      definition.kind !== Kind.OBJECT_TYPE_DEFINITION &&
      definition.kind !== Kind.OBJECT_TYPE_EXTENSION &&
      definition.kind !== Kind.INTERFACE_TYPE_DEFINITION
    )
      continue;
    for (const field of definition.fields ?? []) {
      const directive = field.directives?.find((d) => d.name.value === 'listSize' || d.name.value === 'cost__listSize');
      if (!directive) continue;
      const args = Object.fromEntries((directive.arguments ?? []).map((a) => [a.name.value, valueFromASTUntyped(a.value)]));
      sizes.set(`${definition.name.value}.${field.name.value}`, {
        assumedSize: typeof args.assumedSize === 'number' ? args.assumedSize : undefined,
        slicingArguments: Array.isArray(args.slicingArguments) ? args.slicingArguments.map(String) : undefined,
        sizedFields: Array.isArray(args.sizedFields) ? args.sizedFields.map(String) : undefined,
      });
    }
  }
  return sizes;
}
