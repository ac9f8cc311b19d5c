/**
 * Properties of the data-protection rules over random operations, through the real gateway on
 * a small seeded system (SQLite). Each generated operation selects customers (`customer(id:)`,
 * `customers(first:)`) with a random selection of Customer fields and their sub-fields, through
 * aliases (some swapping field names, some named like the gateway's own internal aliases), named
 * and inline fragments, nested lists and `@skip`/`@include` on literals, on variables sent and on
 * variables left to their defaults. Every first-party role runs it, and for each answer:
 *   1. HTTP 200, never INTERNAL_SERVER_ERROR, no error but the ones the golden table calls for;
 *   2. nothing the golden table withholds (forbidden, consent missing, processing restricted) has a value;
 *   3. masked values differ from what the data-protection officer reads;
 *   4. every object holds exactly the keys the operation selected, in its order;
 *   5. the audit record lists per customer exactly the coordinates returned, masked and denied.
 *
 * `npm test` runs a fixed seed. A longer run:
 *   PROPERTY_RUNS=2000 PROPERTY_SEED=42 APOLLO_TELEMETRY_DISABLED=1 npx jest test/protection-properties.e2e.test.ts
 * (PROPERTY_RUNS operations, each run by every role). A failure prints fast-check's seed and the
 * shrunk operation, its variables and the role.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { getNamedType, type GraphQLField, type GraphQLObjectType, isObjectType, parse } from 'graphql';
import { DEFAULT_SUPERGRAPH_PATH } from '../platform/supergraph-file';
import { goldenIndex, type GoldenRow, loadGoldenTable } from '../policy/access-golden';
import { loadPolicy } from '../policy/policy';
import { apiSchemaOf } from '../platform/supergraph-file';
import type { Stack } from '../scripts/start-stack';
import { createTestSystems, type TestSystems } from './support/backends';
import { type GraphQLResponse, postGraphQL, protectionOf, startTestStack, tokenFor } from './support/test-stack';

const RUNS = Number(process.env.PROPERTY_RUNS ?? 60);
const SEED = Number(process.env.PROPERTY_SEED ?? 20240611);
/** A seed whose first 60 customers include restricted ones, two of them in households. */
const SYSTEM_SEED = 'property-23';
const CUSTOMERS = 60;

const ROLES = ['support_agent', 'sales_rep', 'marketing', 'risk_officer', 'dpo', 'architect'];
const policy = loadPolicy();
const golden = goldenIndex(loadGoldenTable());
const apiSchema = apiSchemaOf(readFileSync(DEFAULT_SUPERGRAPH_PATH, 'utf8'));
const typeOf = (name: string) => apiSchema.getType(name) as GraphQLObjectType;

/** Deepest field level generated (the gateway allows 12). */
const MAX_DEPTH = 8;
/** Kept under the first-party limits (30 aliases, 20 directives), counted with fragments expanded. */
const MAX_ALIASES = 26;
const MAX_DIRECTIVES = 18;
const INTERNAL_ALIASES = ['_auditCustomerId', '_protectionTypename'];

// ---------------------------------------------------------------------------------------------
// The operation model: what was generated, so every response key maps back to its coordinate.

type ArgValue = { literal: unknown } | { variable: string };
interface Variable {
  name: string;
  type: string;
  defaultValue?: unknown;
  sent?: unknown;
}
interface Entry {
  key: string;
  field: string;
  args: Array<[string, ArgValue]>;
}
/** `@skip` (skip: true) or `@include` (skip: false). */
type Condition = { skip: boolean; arg: ArgValue } | undefined;
type Selection =
  | { kind: 'field'; entry: Entry; children: Selection[]; condition: Condition }
  | { kind: 'inline'; typed: boolean; children: Selection[]; condition: Condition }
  | { kind: 'spread'; fragment: string; condition: Condition };
interface Fragment {
  name: string;
  type: string;
  body: Selection[];
  height: number;
  household: boolean;
}
interface Operation {
  name?: string;
  variables: Variable[];
  root: Selection[];
  fragments: Map<string, Fragment>;
}

/** Nested lists and masked fields: drawn more often. */
const FAVOURITES = new Set([
  'Customer.household',
  'Household.members',
  'Customer.orders',
  'Order.lines',
  'Customer.addresses',
  'Customer.payments',
  'Customer.email',
  'Customer.phone',
  'Customer.name',
  'Customer.segment',
  'Customer.consents',
  'Customer.id',
  'CustomerPage.nodes',
  'Address.line1',
  'Address.line2',
  'Payment.iban',
  'Payment.cardLast4',
]);
const TYPENAME: Entry = { key: '__typename', field: '__typename', args: [] };
const SIZE_ARGUMENTS = new Set(['first', 'last', 'months']);
/** Types named fragments are written on. */
const FRAGMENT_TYPES = new Set(['Customer', 'Order', 'Query']);

/** Draws an operation from fast-check's generator; every choice shrinks towards less. */
class OperationBuilder {
  private readonly tables = new Map<string, Entry[]>();
  private readonly variables: Variable[] = [];
  private readonly fragments = new Map<string, Fragment>();
  private aliasCount = 0;

  constructor(
    private readonly g: fc.GeneratorValue,
    private readonly customerIds: string[],
  ) {}

  private int(min: number, max: number): number {
    return this.g(fc.integer, { min, max });
  }

  /** True with about `percent` per cent; shrinks to false. */
  private chance(percent: number): boolean {
    return this.int(0, 99) >= 100 - percent;
  }

  build(): Operation {
    const root = this.selections(typeOf('Query'), 1, false, false, 0);
    // Only variables the operation uses (a table's entry may never be selected).
    const used = new Set<string>();
    const note = (value: ArgValue | undefined) => value && 'variable' in value && used.add(value.variable);
    const walk = (selections: Selection[]) =>
      selections.forEach((s) => {
        note(s.condition?.arg);
        if (s.kind === 'field') for (const [, value] of s.entry.args) note(value);
        if (s.kind !== 'spread') walk(s.children);
      });
    walk(root);
    for (const fragment of this.fragments.values()) walk(fragment.body);
    const variables = this.variables.filter((v) => used.has(v.name));
    return { name: this.chance(70) ? `Property${this.int(0, 999)}` : undefined, variables, root, fragments: this.fragments };
  }

  private variable(type: string, value: unknown): ArgValue {
    const reusable = this.variables.filter((v) => v.type.replace('!', '') === type && sentOrDefault(v) === value);
    if (reusable.length > 0 && this.chance(30)) return { variable: reusable[this.int(0, reusable.length - 1)].name };
    const name = `${type === 'Boolean' ? 'b' : type === 'Int' ? 'n' : 'id'}${this.variables.length}`;
    const other = typeof value === 'boolean' ? !value : type === 'Int' ? (value === 1 ? 2 : 1) : this.customerIds[0];
    const shape = this.int(0, 4);
    // Sent; left to a default (nullable or not); a default overridden by the value sent.
    const variable: Variable = [
      { name, type: `${type}!`, sent: value },
      { name, type: `${type}!`, defaultValue: value },
      { name, type, defaultValue: value },
      { name, type, defaultValue: other, sent: value },
      { name, type: `${type}!`, sent: value },
    ][shape];
    this.variables.push(variable);
    return { variable: name };
  }

  private argument(type: string, value: unknown): ArgValue {
    return this.chance(35) ? this.variable(type, value) : { literal: value };
  }

  private condition(): Condition {
    if (!this.chance(22)) return undefined;
    const skip = this.chance(50);
    const value = this.chance(50);
    return { skip, arg: this.argument('Boolean', value) };
  }

  private argsOf(field: GraphQLField<unknown, unknown>): Array<[string, ArgValue]> {
    const args: Array<[string, ArgValue]> = [];
    for (const arg of field.args) {
      if (!SIZE_ARGUMENTS.has(arg.name)) continue;
      // Defaults are as large as 20: always say how many, small.
      args.push([arg.name, this.argument('Int', 1 + this.int(0, field.name === 'accessLog' ? 0 : 2))]);
    }
    return args;
  }

  private alias(): string {
    return `a${this.aliasCount++}`;
  }

  /** Which response key answers which field (with which arguments) on this type, for the whole operation: keys never conflict. */
  private table(type: GraphQLObjectType): Entry[] {
    const cached = this.tables.get(type.name);
    if (cached) return cached;
    const fields = Object.values(type.getFields());
    const entries: Entry[] = [];
    const taken = new Set<string>(['__typename']);
    const add = (field: GraphQLField<unknown, unknown>, args: Array<[string, ArgValue]>) => {
      const choice = this.int(0, 9);
      const others = fields.filter((f) => f.name !== field.name && !taken.has(f.name));
      let key = field.name;
      if (choice >= 9) key = INTERNAL_ALIASES[this.int(0, 1)];
      else if (choice >= 7 && others.length > 0)
        key = others[this.int(0, others.length - 1)].name; // `email: phone`
      else if (choice >= 5) key = this.alias();
      if (taken.has(key)) key = this.alias();
      taken.add(key);
      entries.push({ key, field: field.name, args });
    };
    if (type.name === 'Query') {
      const roots = 1 + this.int(0, 2);
      for (let i = 0; i < roots; i++) {
        if (this.chance(50)) add(type.getFields().customers, [['first', this.argument('Int', 1 + this.int(0, 2))]]);
        else add(type.getFields().customer, [['id', this.argument('ID', this.customerIds[this.int(0, this.customerIds.length - 1)])]]);
      }
    } else {
      for (const field of fields) {
        if (!this.chance(FAVOURITES.has(`${type.name}.${field.name}`) ? 60 : type.name === 'Customer' ? 30 : 50)) continue;
        add(field, this.argsOf(field));
        if (field.args.some((a) => SIZE_ARGUMENTS.has(a.name)) && this.chance(15)) add(field, this.argsOf(field));
      }
      if (entries.length === 0) add(fields[this.int(0, fields.length - 1)], []);
      // Swap two keys that are field names: `email: phone phone: email`.
      const named = entries.filter((e) => fields.some((f) => f.name === e.key));
      if (named.length >= 2 && this.chance(30)) {
        const [a, b] = [named[0], named[1 + this.int(0, named.length - 2)]];
        [a.key, b.key] = [b.key, a.key];
      }
    }
    if (type.name !== 'Query' && this.chance(12))
      entries.push(this.chance(50) ? TYPENAME : { key: this.alias(), field: '__typename', args: [] });
    this.tables.set(type.name, entries);
    return entries;
  }

  /** A selection set on `type` whose fields sit at `depth`. */
  private selections(type: GraphQLObjectType, depth: number, underHousehold: boolean, inFragment: boolean, nesting: number): Selection[] {
    const table = this.table(type);
    const count = 1 + this.int(0, type.name === 'Query' ? 1 : type.name === 'Customer' ? 5 : 3);
    const items: Selection[] = [];
    for (let i = 0; i < count; i++) {
      const choice = this.int(0, 9);
      if (choice >= 8 && nesting < 2) {
        items.push({
          kind: 'inline',
          typed: this.chance(50),
          children: this.selections(type, depth, underHousehold, inFragment, nesting + 1),
          condition: this.condition(),
        });
        continue;
      }
      if (choice === 7 && FRAGMENT_TYPES.has(type.name) && !inFragment) {
        const fragment = this.fragment(type, depth, underHousehold);
        if (fragment) {
          items.push({ kind: 'spread', fragment: fragment.name, condition: this.condition() });
          continue;
        }
      }
      const entry = table[this.int(0, table.length - 1)];
      const item = this.field(type, entry, depth, underHousehold, inFragment);
      if (item) items.push(item);
    }
    if (items.length === 0) items.push({ kind: 'field', entry: this.typenameEntry(type), children: [], condition: undefined });
    return items;
  }

  private typenameEntry(type: GraphQLObjectType): Entry {
    const table = this.table(type);
    const existing = table.find((e) => e.field === '__typename');
    if (existing) return existing;
    table.push(TYPENAME);
    return TYPENAME;
  }

  private field(type: GraphQLObjectType, entry: Entry, depth: number, underHousehold: boolean, inFragment: boolean): Selection | undefined {
    if (entry.field === '__typename') return { kind: 'field', entry, children: [], condition: this.condition() };
    const named = getNamedType(type.getFields()[entry.field].type);
    if (!isObjectType(named)) return { kind: 'field', entry, children: [], condition: this.condition() };
    if (depth >= MAX_DEPTH) return undefined;
    // One household level: members do not go on to their households (few customers per request).
    if (type.name === 'Customer' && entry.field === 'household' && underHousehold) return undefined;
    const household = underHousehold || (type.name === 'Customer' && entry.field === 'household');
    return { kind: 'field', entry, children: this.selections(named, depth + 1, household, inFragment, 0), condition: this.condition() };
  }

  /** An existing fragment on `type` that fits here, or a new one. */
  private fragment(type: GraphQLObjectType, depth: number, underHousehold: boolean): Fragment | undefined {
    const fits = [...this.fragments.values()].filter(
      (f) => f.type === type.name && depth + f.height <= MAX_DEPTH && !(underHousehold && f.household),
    );
    if (fits.length > 0 && this.chance(60)) return fits[this.int(0, fits.length - 1)];
    // A fragment may later be spread elsewhere: written without a household, and shallow.
    const body = this.selections(type, depth, true, true, 0);
    const fragment: Fragment = { name: `${type.name}Part${this.fragments.size}`, type: type.name, body, height: 0, household: false };
    fragment.height = heightOf(body, this.fragments);
    this.fragments.set(fragment.name, fragment);
    return fragment;
  }
}

const sentOrDefault = (variable: Variable): unknown => (variable.sent !== undefined ? variable.sent : variable.defaultValue);

function heightOf(selections: Selection[], fragments: Map<string, Fragment>): number {
  let height = 0;
  for (const s of selections) {
    if (s.kind === 'field') height = Math.max(height, s.children.length > 0 ? 1 + heightOf(s.children, fragments) : 0);
    else if (s.kind === 'inline') height = Math.max(height, heightOf(s.children, fragments));
    else height = Math.max(height, fragments.get(s.fragment)!.height);
  }
  return height;
}

// ---------------------------------------------------------------------------------------------
// Printing, and what the operation asks for once fragments are expanded.

const literal = (value: unknown) => JSON.stringify(value);
const printArg = (value: ArgValue) => ('variable' in value ? `$${value.variable}` : literal(value.literal));
const printCondition = (c: Condition) => (c ? ` @${c.skip ? 'skip' : 'include'}(if: ${printArg(c.arg)})` : '');

function printSelections(selections: Selection[], typeName: string): string {
  return `{ ${selections.map((s) => printSelection(s, typeName)).join(' ')} }`;
}

function printSelection(s: Selection, typeName: string): string {
  if (s.kind === 'spread') return `...${s.fragment}${printCondition(s.condition)}`;
  if (s.kind === 'inline')
    return `...${s.typed ? ` on ${typeName}` : ''}${printCondition(s.condition)} ${printSelections(s.children, typeName)}`;
  const { key, field, args } = s.entry;
  const printedArgs = args.length > 0 ? `(${args.map(([name, value]) => `${name}: ${printArg(value)}`).join(', ')})` : '';
  const children =
    s.children.length > 0 ? ` ${printSelections(s.children, getNamedType(typeOf(typeName).getFields()[field].type).name)}` : '';
  return `${key !== field ? `${key}: ` : ''}${field}${printedArgs}${printCondition(s.condition)}${children}`;
}

function printOperation(op: Operation): string {
  const definitions = op.variables.map(
    (v) => `$${v.name}: ${v.type}${v.defaultValue !== undefined ? ` = ${literal(v.defaultValue)}` : ''}`,
  );
  const head = `query${op.name ? ` ${op.name}` : ''}${definitions.length > 0 ? `(${definitions.join(', ')})` : ''}`;
  const fragments = [...op.fragments.values()].map((f) => `fragment ${f.name} on ${f.type} ${printSelections(f.body, f.type)}`);
  return [`${head} ${printSelections(op.root, 'Query')}`, ...fragments].join('\n');
}

const sentVariables = (op: Operation) => Object.fromEntries(op.variables.filter((v) => v.sent !== undefined).map((v) => [v.name, v.sent]));

function resolveArg(op: Operation, value: ArgValue): unknown {
  return 'variable' in value ? sentOrDefault(op.variables.find((v) => v.name === value.variable)!) : value.literal;
}

function included(op: Operation, condition: Condition): boolean {
  if (!condition) return true;
  return resolveArg(op, condition.arg) !== condition.skip;
}

/** GraphQL's field collection over the model: response keys in order, each with its field and merged sub-selections. */
function collect(op: Operation, sets: Selection[][]): Map<string, { entry: Entry; children: Selection[][] }> {
  const fields = new Map<string, { entry: Entry; children: Selection[][] }>();
  const visited = new Set<string>();
  const walk = (selections: Selection[]) => {
    for (const s of selections) {
      if (!included(op, s.condition)) continue;
      if (s.kind === 'field') {
        const known = fields.get(s.entry.key);
        if (known) known.children.push(s.children);
        else fields.set(s.entry.key, { entry: s.entry, children: [s.children] });
      } else if (s.kind === 'inline') walk(s.children);
      else if (!visited.has(s.fragment)) {
        visited.add(s.fragment);
        walk(op.fragments.get(s.fragment)!.body);
      }
    }
  };
  sets.forEach(walk);
  return fields;
}

/** Depth as the gateway's limit counts it, inline fragments and spreads counted as a level each (to be safe). */
function depthOf(op: Operation, selections: Selection[]): number {
  let depth = 0;
  for (const s of selections) {
    if (s.kind === 'spread') depth = Math.max(depth, 1 + depthOf(op, op.fragments.get(s.fragment)!.body));
    else depth = Math.max(depth, 1 + depthOf(op, s.children));
  }
  return depth;
}

/** Aliases and directives as the gateway counts them: every occurrence, fragments expanded. */
function expandedCounts(op: Operation): { aliases: number; directives: number } {
  const counts = { aliases: 0, directives: 0 };
  const walk = (selections: Selection[]) => {
    for (const s of selections) {
      if (s.condition) counts.directives++;
      if (s.kind === 'field') {
        if (s.entry.key !== s.entry.field) counts.aliases++;
        walk(s.children);
      } else if (s.kind === 'inline') walk(s.children);
      else walk(op.fragments.get(s.fragment)!.body);
    }
  };
  walk(op.root);
  return counts;
}

// ---------------------------------------------------------------------------------------------
// What each role must get, worked out from the golden table, the operation and the dpo's answer.

interface Subject {
  restricted: boolean;
  consentedTopics: string[];
  members: string[];
}
interface Access {
  returned: Set<string>;
  masked: Set<string>;
  denied: Set<string>;
}

class Expectations {
  readonly errors = new Map<string, string[]>();
  readonly maskedPaths = new Set<string>();
  readonly customers = new Map<string, Access>();
  /** Coordinates read or withheld outside any customer (Query.customer, Query.customers). */
  readonly operation: Access = { returned: new Set(), masked: new Set(), denied: new Set() };
  readonly problems: string[] = [];

  constructor(
    private readonly op: Operation,
    private readonly role: string,
    private readonly subjects: Map<string, Subject>,
    private readonly firstIds: string[],
  ) {}

  private row(coordinate: string): GoldenRow | undefined {
    return golden.get(`${this.role}/${policy.roles[this.role].purposes[0]}/${coordinate}`);
  }

  private access(id: string): Access {
    let access = this.customers.get(id);
    if (!access) this.customers.set(id, (access = { returned: new Set(), masked: new Set(), denied: new Set() }));
    return access;
  }

  private fail(path: Array<string | number>, message: string) {
    this.problems.push(`at ${path.join('.') || '(root)'}: ${message}`);
  }

  private withheld(path: Array<string | number>, value: unknown, codes: string[], coordinate: string, owner: string | undefined) {
    if (value !== null) this.fail(path, `${coordinate} must be withheld (${codes.join('/')}) but came back as ${JSON.stringify(value)}`);
    this.errors.set(path.join('.'), codes);
    (owner ? this.access(owner) : this.operation).denied.add(coordinate);
  }

  object(
    value: any,
    dpo: any,
    type: GraphQLObjectType,
    sets: Selection[][],
    path: Array<string | number>,
    owner: string | undefined,
    pageIds: string[],
  ) {
    const fields = collect(this.op, sets);
    const keys = Object.keys(value);
    if (JSON.stringify(keys) !== JSON.stringify([...fields.keys()]))
      this.fail(path, `keys ${JSON.stringify(keys)}, selected ${JSON.stringify([...fields.keys()])}`);
    for (const [key, { entry, children }] of fields) {
      const at = [...path, key];
      const v = value[key];
      const d = dpo === undefined ? undefined : dpo[key];
      if (entry.field === '__typename') {
        if (v !== type.name) this.fail(at, `__typename ${JSON.stringify(v)}, expected ${type.name}`);
        continue;
      }
      const field = type.getFields()[entry.field];
      const coordinate = `${type.name}.${entry.field}`;
      const row = this.row(coordinate);
      const subject = owner ? this.subjects.get(owner) : undefined;
      if (row && !row.readable) {
        this.withheld(at, v, ['FORBIDDEN'], coordinate, owner);
        continue;
      }
      const consentMissing =
        row?.consentTopic !== undefined && subject !== undefined && !subject.consentedTopics.includes(row.consentTopic);
      if (row?.restricted && subject?.restricted) {
        this.withheld(at, v, consentMissing ? ['PROCESSING_RESTRICTED', 'CONSENT_REQUIRED'] : ['PROCESSING_RESTRICTED'], coordinate, owner);
        continue;
      }
      if (consentMissing) {
        this.withheld(at, v, ['CONSENT_REQUIRED'], coordinate, owner);
        continue;
      }
      if (v === undefined) {
        this.fail(at, 'missing');
        continue;
      }
      if (v === null) {
        if (dpo !== undefined && d !== null) this.fail(at, `null, but the data-protection officer reads ${JSON.stringify(d)}`);
        continue;
      }
      if (row) (owner ? this.access(owner) : this.operation).returned.add(coordinate);
      if (row?.masked) {
        if (typeof v !== 'string') this.fail(at, `masked value is not a string: ${JSON.stringify(v)}`);
        if (dpo !== undefined && v === d) this.fail(at, `masked value ${JSON.stringify(v)} equals the unmasked one`);
        if (owner) this.access(owner).masked.add(coordinate);
        this.maskedPaths.add(at.join('.'));
        continue;
      }
      const named = getNamedType(field.type);
      if (!isObjectType(named)) {
        if (dpo !== undefined && JSON.stringify(v) !== JSON.stringify(d))
          this.fail(at, `${JSON.stringify(v)}, but the data-protection officer reads ${JSON.stringify(d)}`);
        continue;
      }
      // Which customers a list of customers holds.
      let ids: string[] = [];
      let nextPageIds = pageIds;
      if (coordinate === 'Query.customer') ids = [String(resolveArg(this.op, entry.args.find(([n]) => n === 'id')![1]))];
      if (coordinate === 'Query.customers')
        nextPageIds = this.firstIds.slice(0, Number(resolveArg(this.op, entry.args.find(([n]) => n === 'first')![1])));
      if (coordinate === 'CustomerPage.nodes') ids = pageIds;
      if (coordinate === 'Household.members') ids = subject?.members ?? [];
      // The audit trail changes with every request: its entries are not compared with the dpo's.
      const dpoChild = coordinate.endsWith('.accessLog') ? undefined : d;
      this.value(v, dpoChild, named, children, at, owner, ids, nextPageIds);
    }
  }

  private value(
    v: any,
    d: any,
    type: GraphQLObjectType,
    sets: Selection[][],
    path: Array<string | number>,
    owner: string | undefined,
    ids: string[],
    pageIds: string[],
  ) {
    if (Array.isArray(v)) {
      if (d !== undefined && (!Array.isArray(d) || d.length !== v.length)) {
        this.fail(path, `${v.length} items, the data-protection officer reads ${Array.isArray(d) ? d.length : JSON.stringify(d)}`);
        return;
      }
      v.forEach((item, i) =>
        this.item(item, d === undefined ? undefined : d[i], type, sets, [...path, i], type.name === 'Customer' ? ids[i] : owner, pageIds),
      );
    } else this.item(v, d, type, sets, path, type.name === 'Customer' ? ids[0] : owner, pageIds);
  }

  private item(
    v: any,
    d: any,
    type: GraphQLObjectType,
    sets: Selection[][],
    path: Array<string | number>,
    owner: string | undefined,
    pageIds: string[],
  ) {
    if (v === null) {
      if (d !== undefined && d !== null) this.fail(path, 'null item');
      return;
    }
    if (type.name === 'Customer') {
      if (!owner) return this.fail(path, 'a customer this test cannot identify');
      this.access(owner);
      // Where the operation selects the id, it must be the customer this test expects there.
      for (const [key, { entry }] of collect(this.op, sets))
        if (entry.field === 'id' && v[key] !== owner) this.fail([...path, key], `id ${v[key]}, expected customer ${owner}`);
    }
    this.object(v, d, type, sets, path, owner, pageIds);
  }
}

const sorted = (values: Iterable<string>) => [...values].sort();

function checkAnswer(
  op: Operation,
  role: string,
  response: GraphQLResponse,
  dpo: GraphQLResponse,
  subjects: Map<string, Subject>,
  firstIds: string[],
): Expectations {
  const expectations = new Expectations(op, role, subjects, firstIds);
  const { status, body } = response;
  if (status !== 200) expectations.problems.push(`HTTP ${status}: ${response.text.slice(0, 500)}`);
  for (const error of body.errors ?? [])
    if (error.extensions?.code === 'INTERNAL_SERVER_ERROR') expectations.problems.push(`INTERNAL_SERVER_ERROR: ${error.message}`);
  if (status !== 200 || !body.data) {
    if (status === 200) expectations.problems.push(`no data: ${response.text.slice(0, 500)}`);
    return expectations;
  }
  expectations.object(body.data, dpo.body.data, typeOf('Query'), [op.root], [], undefined, []);
  // Errors: exactly the withheld paths, each once, with a code the golden table allows.
  const got = new Map<string, string[]>();
  for (const error of body.errors ?? []) {
    const at = (error.path ?? []).join('.');
    got.set(at, [...(got.get(at) ?? []), String(error.extensions?.code)]);
  }
  for (const [at, codes] of got) {
    const allowed = expectations.errors.get(at);
    if (!allowed) expectations.problems.push(`unexpected error at ${at || '(no path)'}: ${codes.join(', ')}`);
    else if (codes.length !== 1 || !allowed.includes(codes[0]))
      expectations.problems.push(`errors at ${at}: ${codes.join(', ')}, expected one of ${allowed.join('/')}`);
  }
  for (const at of expectations.errors.keys()) if (!got.has(at)) expectations.problems.push(`no error at withheld ${at}`);
  const maskedPaths = sorted(body.extensions?.maskedPaths ?? []);
  if (JSON.stringify(maskedPaths) !== JSON.stringify(sorted(expectations.maskedPaths))) {
    expectations.problems.push(`maskedPaths ${JSON.stringify(maskedPaths)}, expected ${JSON.stringify(sorted(expectations.maskedPaths))}`);
  }
  return expectations;
}

// ---------------------------------------------------------------------------------------------

describe('data protection holds for generated operations, for every first-party role (sqlite)', () => {
  let systems: TestSystems;
  let stack: Stack;
  const subjects = new Map<string, Subject>();
  let firstIds: string[] = [];
  /** Customers operations ask for by id: plain ones first, then restricted ones, ones without consents, ones in households. */
  let pool: string[] = [];
  let dpoToken: string;

  beforeAll(async () => {
    systems = await createTestSystems('sqlite', CUSTOMERS, SYSTEM_SEED);
    stack = await startTestStack(systems);
    dpoToken = await tokenFor('dpo', { subject: 'property-reference@example.com' });
    const { body } = await postGraphQL(
      stack.gateway.url,
      `{ customers(first: ${CUSTOMERS}) ` +
        '{ nodes { id household { members { id } } restriction { restricted } consents { topic granted } } } }',
      {},
      dpoToken,
    );
    expect(body.errors).toBeUndefined();
    const nodes: any[] = body.data.customers.nodes;
    for (const node of nodes)
      subjects.set(node.id, { ...protectionOf(node), members: node.household?.members.map((m: any) => m.id) ?? [] });
    firstIds = nodes.slice(0, 3).map((n) => n.id);
    const ids = [...subjects.keys()];
    const restricted = ids.filter((id) => subjects.get(id)!.restricted);
    const withoutConsent = ids.filter((id) => !subjects.get(id)!.restricted && subjects.get(id)!.consentedTopics.length < 4);
    const inHousehold = ids.filter((id) => subjects.get(id)!.members.length > 1);
    const consenting = ids.filter(
      (id) =>
        !subjects.get(id)!.restricted &&
        ['email', 'phone', 'post', 'profiling'].every((t) => subjects.get(id)!.consentedTopics.includes(t)),
    );
    // The system is small but has every case.
    expect(restricted.length).toBeGreaterThan(0);
    expect(restricted.some((id) => subjects.get(id)!.members.length > 1)).toBe(true);
    expect(withoutConsent.length).toBeGreaterThan(0);
    expect(consenting.length).toBeGreaterThan(0);
    pool = [
      ...new Set(
        [consenting[0], ...restricted, withoutConsent[0], withoutConsent[1], ...inHousehold.slice(0, 3), ids[ids.length - 1]].filter(
          Boolean,
        ),
      ),
    ];
  });

  afterAll(async () => {
    await stack?.stop();
    await systems?.drop();
  });

  it('holds the golden table, masking, answer shape and the audit trail ' +
    `(${RUNS} operations × ${ROLES.length} roles, seed ${SEED})`, async () => {
    let run = 0;
    let tried = 0;
    await fc.assert(
      fc.asyncProperty(fc.gen(), async (g) => {
        const op = new OperationBuilder(g, pool).build();
        const text = printOperation(op);
        const variables = sentVariables(op);
        const counts = expandedCounts(op);
        fc.pre(counts.aliases <= MAX_ALIASES && counts.directives <= MAX_DIRECTIVES && depthOf(op, op.root) <= 11);
        try {
          parse(text, { maxTokens: 4000 });
        } catch {
          fc.pre(false);
        }
        tried++;
        if (process.env.PROPERTY_PRINT === '1') console.log(`${text}\n${JSON.stringify(variables)}`);
        const runId = `${SEED}-${run++}`;
        const describe = (role: string) => `role ${role}, operation:\n${text}\nvariables sent: ${JSON.stringify(variables)}`;

        const dpo = await postGraphQL(stack.gateway.url, text, variables, dpoToken);
        if (dpo.status !== 200 || dpo.body.errors)
          throw new Error(
            `the data-protection officer's reference read failed (${dpo.status}): ${dpo.text.slice(0, 800)}\n${describe('dpo')}`,
          );

        const expected = new Map<string, Expectations>();
        for (const role of ROLES) {
          const subject = `property-${runId}-${role}@example.com`;
          const response = await postGraphQL(stack.gateway.url, text, variables, await tokenFor(role, { subject }));
          const expectations = checkAnswer(op, role, response, dpo, subjects, firstIds);
          if (expectations.problems.length > 0) {
            throw new Error(
              `${describe(role)}\nanswer: ${response.text.slice(0, 3000)}\nproblems:\n  - ${expectations.problems.join('\n  - ')}`,
            );
          }
          expected.set(role, expectations);
        }

        // The audit trail: one record per request, each customer's coordinates as the answer had them.
        await stack.gateway.audit.flush();
        const reads = ROLES.map(
          (role, i) =>
            `r${i}: accessLog(subject: ${literal(`property-${runId}-${role}@example.com`)}, first: 5) ` +
            '{ nodes { kind customers { customerId returned masked denied } } }',
        );
        const log = await postGraphQL(stack.gateway.url, `{ ${reads.join(' ')} }`, {}, dpoToken);
        if (log.body.errors) throw new Error(`reading the audit trail failed: ${log.text.slice(0, 800)}`);
        ROLES.forEach((role, i) => {
          const entries: any[] = log.body.data[`r${i}`].nodes;
          const { customers, operation } = expected.get(role)!;
          // Nothing returned or withheld, nothing to record.
          if (customers.size === 0 && operation.returned.size === 0 && operation.denied.size === 0) {
            if (entries.length > 0)
              throw new Error(`${describe(role)}
audit trail: ${JSON.stringify(entries)}
expected no record`);
            return;
          }
          const want = [...customers]
            .map(([customerId, a]) => ({ customerId, returned: sorted(a.returned), masked: sorted(a.masked), denied: sorted(a.denied) }))
            .sort((a, b) => a.customerId.localeCompare(b.customerId));
          const got =
            entries.length === 1 ? [...entries[0].customers].sort((a: any, b: any) => a.customerId.localeCompare(b.customerId)) : entries;
          if (entries.length !== 1 || entries[0].kind !== 'read' || JSON.stringify(got) !== JSON.stringify(want)) {
            throw new Error(
              `${describe(role)}\naudit trail: ${JSON.stringify(entries)}\nexpected one read with customers ${JSON.stringify(want)}`,
            );
          }
        });
      }),
      { numRuns: RUNS, seed: SEED, endOnFailure: process.env.PROPERTY_SHRINK === 'off' },
    );
    expect(tried).toBeGreaterThan(0);
  }, 600_000);

  /*
   * KEY_ALIAS_BUG — found by the property and shrunk (fixed: the gateway fetches every aliased field under an alias of
   * its own and answers it under the client's): a field aliased as the entity key (`id: customerSince`) in an operation that also
   * needs another subgraph (an entity fetch keyed by `id`) comes back as the customer number — the planner's key
   * overwrites the client's value (apollographql/federation#3036, open) — and with an object-typed field under that
   * alias (`id: addresses { … }`) the request fails with HTTP 400 INTERNAL_SERVER_ERROR. For a masked field the masked
   * customer number is returned (support_agent: `{ customer(id: …) { archivedOrders(first: 1) { id } id: email } }`
   * answers `"id": "••••"`), and the audit trail records Customer.email as returned masked although no e-mail left.
   * The same with the fields the archive and analytics subgraphs `@require` (`accounts`, the inaccessible
   * `dataProtection`): `accounts: interactions(first: 1) { … }` beside `archivedInteractions` is HTTP 500
   * INTERNAL_SERVER_ERROR; `accounts: email` or `dataProtection: name` beside an archive or analytics field come back
   * null with no error, only an `extensions.valueCompletion` note.
   */
  it('answers a field aliased as `id` with that field, also when another subgraph is asked (KEY_ALIAS_BUG)', async () => {
    const id = pool[0];
    const { body: plain } = await postGraphQL(
      stack.gateway.url,
      'query($id: ID!) { customer(id: $id) { customerSince addresses { postalCode } } }',
      { id },
      dpoToken,
    );
    const aliased = await postGraphQL(
      stack.gateway.url,
      'query($id: ID!) { customer(id: $id) { riskRating { rating } id: customerSince } }',
      { id },
      dpoToken,
    );
    expect(aliased.body.data?.customer?.id).toBe(plain.data.customer.customerSince);
    const objectAliased = await postGraphQL(
      stack.gateway.url,
      'query($id: ID!) { customer(id: $id) { id: addresses { postalCode } scoresAsOf } }',
      { id },
      dpoToken,
    );
    expect({ status: objectAliased.status, errors: objectAliased.body.errors }).toEqual({ status: 200, errors: undefined });
    expect(objectAliased.body.data.customer.id).toEqual(plain.data.customer.addresses);
    const required = await postGraphQL(
      stack.gateway.url,
      'query($id: ID!) { customer(id: $id) { archivedInteractions(first: 1) { id } accounts: interactions(first: 1) { businessUnit } } }',
      { id },
      dpoToken,
    );
    expect({ status: required.status, errors: required.body.errors }).toEqual({ status: 200, errors: undefined });
  });

  /*
   * SKIPPED_PATH_ERRORS_BUG — found by the property in longer runs (PROPERTY_RUNS=2000 with the default seed, around its
   * 650th operation); fixed: the errors the gateway filters out no longer come back with the executor's result.
   * A field left out by a literal `@include(if: false)` inside a root-level inline fragment whose condition is a variable
   * (sent, or left to its default) is still resolved by the subgraph, and the subgraph's PROCESSING_RESTRICTED errors
   * reach the client at paths it never selected (`customers.nodes.0.name`, answer `{"customers": {}}`). Besides the
   * stray errors this tells a sales_rep, who may not read Customer.restriction, which customers are restricted.
   */
  it(
    'reports no error at a path the operation left out, with a variable condition on a root fragment ' + '(SKIPPED_PATH_ERRORS_BUG)',
    async () => {
      const restrictedFirst = firstIds.findIndex((id) => subjects.get(id)!.restricted);
      expect(restrictedFirst).toBeGreaterThanOrEqual(0);
      const query =
        `query($b: Boolean = true) { ... @include(if: $b) { customers(first: ${restrictedFirst + 1}) ` +
        '{ nodes @include(if: false) { name } } } }';
      const { status, body } = await postGraphQL(stack.gateway.url, query, {}, await tokenFor('sales_rep'));
      expect({ status, data: body.data, errors: body.errors }).toEqual({ status: 200, data: { customers: {} }, errors: undefined });
    },
  );
});
