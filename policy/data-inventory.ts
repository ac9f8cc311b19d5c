import { readFileSync } from 'node:fs';
import { type ConstDirectiveNode, type DocumentNode, Kind, parse, valueFromASTUntyped } from 'graphql';
import { SYSTEM_OF_RECORD, type SubgraphName } from '../contracts/subgraphs';
import { DEFAULT_SUPERGRAPH_PATH } from '../platform/supergraph-file';
import { consentNeeded, isMasked, mayRead } from './access';
import { type FieldRule, fieldRulesFromSdl } from './field-rules';
import { fidesDataCategory, fidesDataUse } from './fides-taxonomy';
import type { Policy } from './policy';

/** What the audit trail says one client read of a field for one purpose over a period. */
export interface ObservedRead {
  coordinate: string;
  clientId: string;
  purpose: string;
  reads: number;
  lastAt: string;
}

/** How one role, for one of its purposes, may read a field. */
export interface RoleAccess {
  role: string;
  purpose: string;
  masked: boolean;
  /** The consent topic the customer must have granted, if any. */
  consent?: string;
}

/** One classified field: where it comes from, what it is, who may read it and who did. */
export interface InventoryEntry {
  coordinate: string;
  subgraph: SubgraphName;
  systemOfRecord: string;
  category: string;
  fidesDataCategory: string;
  mask: string | null;
  /** The purposes some role may read it for, and each as a Fides data use. */
  purposes: string[];
  fidesDataUses: string[];
  consent: { topic: string; purposes: string[] } | null;
  access: RoleAccess[];
  observedReads: Array<Omit<ObservedRead, 'coordinate'>>;
  /** Nobody read it over the period: a candidate for data minimisation. */
  unread: boolean;
  /** How many customers (or accounts) the system holds a value for; null when it was not measured. */
  coverage: Coverage | null;
  /** Why coverage is null (not measurable, or the system did not answer); null when it was measured. */
  coverageNote: string | null;
}

/** The share of customers (or, in the archive, accounts) a system holds a value of a field for: counts only, never values. */
export interface Coverage {
  system: 'oltp' | 'warehouse' | 'archive';
  /** Where it was counted, as table.column. */
  source: string;
  /** What is counted: customers, or accounts where the system knows no customer (the archive). */
  unit: 'customer' | 'account';
  /** How many of the unit have at least one non-null value. */
  withValue: number;
  /** How many of the unit there are (the OLTP's customers or accounts). */
  total: number;
  /** withValue / total, null when there are none. */
  share: number | null;
}

/** How recent a system's data is: its newest load or record. */
export interface Freshness {
  system: 'warehouse' | 'archive';
  /** What was looked at, as table.column. */
  source: string;
  /** The newest value (ISO 8601 date or time as the system stores it), null when the table is empty or the system did not answer. */
  newest: string | null;
  note: string | null;
}

/** What the systems say about the data they hold: coverage per coordinate (absent: not measured, with a note) and freshness. */
export interface DataQuality {
  coverage: Map<string, { coverage: Coverage | null; note: string | null }>;
  freshness: Freshness[];
}

/** The inventory as the command's JSON and `Query.dataInventory` give it: one builder, two renderings. */
export interface InventoryReport {
  /** Reads counted from this time on (ISO 8601). */
  since: string;
  days: number;
  freshness: Freshness[];
  fields: InventoryEntry[];
}

/** The longest period the inventory counts reads over (ten years): more would only make the count slower. */
export const MAX_INVENTORY_DAYS = 3650;

/** What is wrong with a period of `days`, or null: a whole number from 1 to MAX_INVENTORY_DAYS. */
export function inventoryDaysProblem(days: number): string | null {
  return Number.isInteger(days) && days >= 1 && days <= MAX_INVENTORY_DAYS
    ? null
    : `days must be a whole number from 1 to ${MAX_INVENTORY_DAYS} (got ${days})`;
}

/** The checked-in supergraph, whose classification the inventory lists. */
export function readSupergraph(file = DEFAULT_SUPERGRAPH_PATH): DocumentNode {
  return parse(readFileSync(file, 'utf8'));
}

/** The inventory with the reads since `since` and, when given, what the systems measured. */
export function inventoryReport(
  supergraph: DocumentNode,
  policy: Policy,
  input: { since: string; days: number; observed: ObservedRead[]; quality?: DataQuality },
): InventoryReport {
  return {
    since: input.since,
    days: input.days,
    freshness: input.quality?.freshness ?? [],
    fields: dataInventory(supergraph, policy, input.observed, input.quality),
  };
}

/**
 * The data inventory, from the supergraph's classification (every classified field, in schema
 * order), the policy (who may read it, how) and the reads the audit trail observed.
 */
export function dataInventory(supergraph: DocumentNode, policy: Policy, observed: ObservedRead[], quality?: DataQuality): InventoryEntry[] {
  const rules = fieldRulesFromSdl(supergraph);
  const subgraphs = subgraphOfEachField(supergraph);
  // A mutation is classified so the gateway and the subgraph check who may send it; it is no data held.
  return [...rules]
    .filter(([coordinate]) => namesDataHeld(coordinate))
    .map(([coordinate, rule]) => {
      const access = accessOf(rule, policy);
      const purposes = [...new Set(access.map((entry) => entry.purpose))];
      const observedReads = observed
        .filter((read) => read.coordinate === coordinate)
        .map(({ clientId, purpose, reads, lastAt }) => ({ clientId, purpose, reads, lastAt }))
        .sort((a, b) => b.reads - a.reads || a.clientId.localeCompare(b.clientId) || a.purpose.localeCompare(b.purpose));
      const subgraph = subgraphs.get(coordinate);
      if (!subgraph) throw new Error(`${coordinate} is classified but no subgraph resolves it in the supergraph`);
      return {
        coordinate,
        subgraph,
        systemOfRecord: SYSTEM_OF_RECORD[subgraph],
        category: rule.category,
        fidesDataCategory: fidesDataCategory(coordinate, rule),
        mask: rule.mask ?? null,
        purposes,
        fidesDataUses: [...new Set(purposes.map(fidesDataUse))],
        consent: rule.consent ?? null,
        access,
        observedReads,
        unread: observedReads.length === 0,
        ...coverageOf(coordinate, quality),
      };
    });
}

function coverageOf(coordinate: string, quality: DataQuality | undefined): Pick<InventoryEntry, 'coverage' | 'coverageNote'> {
  if (!quality) return { coverage: null, coverageNote: 'not measured' };
  const measured = quality.coverage.get(coordinate);
  if (!measured) return { coverage: null, coverageNote: 'no known mapping to a system' };
  return { coverage: measured.coverage, coverageNote: measured.coverage ? null : measured.note };
}

function accessOf(rule: FieldRule, policy: Policy): RoleAccess[] {
  return Object.entries(policy.roles).flatMap(([role, { scopes, purposes }]) =>
    purposes.flatMap((purpose) => {
      const caller = { scopes: new Set(scopes), purpose };
      if (!mayRead(rule, caller)) return [];
      const consent = consentNeeded(rule, caller);
      const masked = isMasked(rule, caller, policy);
      return [{ role, purpose, masked, ...(consent ? { consent } : {}) }];
    }),
  );
}

/** `Type.field` → the subgraph that resolves it: the field's `@join__field(graph:)`, else its type's only `@join__type`. */
function subgraphOfEachField(supergraph: DocumentNode): Map<string, SubgraphName> {
  const graphNames = new Map<string, SubgraphName>();
  for (const definition of supergraph.definitions) {
    if (definition.kind !== Kind.ENUM_TYPE_DEFINITION || definition.name.value !== 'join__Graph') continue;
    for (const value of definition.values ?? []) {
      const name = argument(value.directives, 'join__graph', 'name');
      if (typeof name === 'string') graphNames.set(value.name.value, name as SubgraphName);
    }
  }
  const fields = new Map<string, SubgraphName>();
  for (const definition of supergraph.definitions) {
    if (definition.kind !== Kind.OBJECT_TYPE_DEFINITION) continue;
    const typeGraphs = (definition.directives ?? [])
      .filter((directive) => directive.name.value === 'join__type')
      .map((directive) => argument([directive], 'join__type', 'graph'));
    for (const field of definition.fields ?? []) {
      const graph = argument(field.directives, 'join__field', 'graph') ?? (typeGraphs.length === 1 ? typeGraphs[0] : undefined);
      const name = typeof graph === 'string' ? graphNames.get(graph) : undefined;
      if (name) fields.set(`${definition.name.value}.${field.name.value}`, name);
    }
  }
  return fields;
}

function argument(directives: readonly ConstDirectiveNode[] | undefined, directive: string, name: string): unknown {
  const found = directives?.find((d) => d.name.value === directive)?.arguments?.find((a) => a.name.value === name);
  return found ? valueFromASTUntyped(found.value) : undefined;
}

/** Does a classified coordinate name data held? A mutation is classified for who may send it; it holds nothing. */
export function namesDataHeld(coordinate: string): boolean {
  return !coordinate.startsWith('Mutation.');
}
