import { type DirectiveNode, type DocumentNode, Kind, valueFromASTUntyped } from 'graphql';

/** The kinds of personal data, as data-protection law groups them. */
export type Category = 'CONTACT' | 'IDENTITY' | 'FINANCIAL' | 'BEHAVIOURAL' | 'PROFILING' | 'RISK' | 'SPECIAL';

/** How a field is shown to callers who may read it but not in full. */
export type MaskStyle = 'EMAIL' | 'PHONE' | 'IBAN' | 'CARD' | 'POSTAL_LINE';

/** What the schema says about one field (`@personal`, `@access`, `@consent`). */
export interface FieldRule {
  category: Category;
  mask?: MaskStyle;
  /** Any one of these scope sets suffices; every scope of the set is needed. */
  scopes: string[][];
  /** When given, only these purposes may read the field. */
  purposes?: string[];
  /** For these purposes the data subject must have consented to `topic`. */
  consent?: { topic: string; purposes: string[] };
}

/** `Type.field` → rule, for every field the SDL classifies. */
export type FieldRules = Map<string, FieldRule>;

/**
 * Reads the rules from SDL: the supergraph (gateway) or a subgraph's own schema
 * (the subgraph's re-check), so both enforce exactly what the schema declares.
 */
export function fieldRulesFromSdl(document: DocumentNode): FieldRules {
  const rules: FieldRules = new Map();
  for (const definition of document.definitions) {
    if (definition.kind !== Kind.OBJECT_TYPE_DEFINITION && definition.kind !== Kind.OBJECT_TYPE_EXTENSION) continue;
    for (const field of definition.fields ?? []) {
      const rule = ruleFromDirectives(field.directives ?? []);
      if (rule) rules.set(`${definition.name.value}.${field.name.value}`, rule);
    }
  }
  return rules;
}

export function ruleFromDirectives(directives: readonly DirectiveNode[]): FieldRule | undefined {
  const args = (name: string) => {
    const directive = directives.find((d) => d.name.value === name);
    return directive ? Object.fromEntries((directive.arguments ?? []).map((a) => [a.name.value, valueFromASTUntyped(a.value)])) : undefined;
  };
  const personal = args('personal');
  if (!personal) return undefined;
  const access = args('access');
  const consent = args('consent');
  return {
    category: personal.category as Category,
    mask: (personal.mask ?? undefined) as MaskStyle | undefined,
    scopes: (access?.scopes as string[][] | undefined) ?? [],
    purposes: (access?.purposes as string[] | undefined) ?? undefined,
    consent: consent ? { topic: String(consent.topic), purposes: consent.purposes as string[] } : undefined,
  };
}
