import { type DocumentNode, getNamedType, GraphQLError, type GraphQLNamedType, type GraphQLSchema, isObjectType } from 'graphql';
import { ErrorCode } from '../../../contracts/error-codes';
import { UserInputError } from '../../../contracts/errors';
import type { Principal } from '../../../contracts/principal';
import { dataInventory, type InventoryEntry } from '../../../policy/data-inventory';
import { type FieldRules, fieldRulesFromSdl } from '../../../policy/field-rules';
import { listSizesFromSdl } from '../../../policy/list-sizes';
import type { Policy } from '../../../policy/policy';
import { type ExportPlan, exportPlan, PAGE_SIZE, type PagedList } from './export-plan';

/** The export's format, in the document: a consumer can tell which shape it reads. */
export const SUBJECT_ACCESS_FORMAT = 'customer-graph.subject-access.v1';

/** The most pages one list or the audit trail is read in; beyond, the export is refused rather than cut. */
const MAX_PAGES = 5_000;
const ACCESS_LOG_PAGE_SIZE = 100;
/**
 * Empty pages in a row that end a list: one for items newest first; for windows of time (`last`:
 * months, scorings) two, as a customer may have had nothing in a whole window and more before it.
 */
const EMPTY_PAGES_AT_END: Record<string, number> = { first: 1, last: 2 };

/** A GraphQL answer as the gateway sends it. */
export interface GraphQLAnswer {
  // biome-ignore lint/suspicious/noExplicitAny: whatever the operation selected
  data?: Record<string, any> | null;
  errors?: ReadonlyArray<{ message: string; path?: ReadonlyArray<string | number>; extensions?: Record<string, unknown> }>;
  extensions?: { maskedPaths?: unknown[] } & Record<string, unknown>;
}

/** Runs one operation through the gateway as the caller who asked for the export. */
export type RunOperation = (query: string, variables: Record<string, unknown>, operationName: string) => Promise<GraphQLAnswer>;

/** One value of a classified field, where it is in `customer`. */
export interface ExportedValue {
  path: string;
  value: unknown;
}

/** One classified field of the customer: what it is, where it comes from, what it is processed for, and its values. */
export interface ExportedField {
  coordinate: string;
  category: string;
  fidesDataCategory: string;
  subgraph: string;
  systemOfRecord: string;
  purposes: string[];
  /** Empty when the systems hold nothing for this customer there. */
  values: ExportedValue[];
}

/** A client that read the customer's data for one purpose: which categories and fields, how often, when. */
export interface Recipient {
  clientId: string;
  clientKind: string;
  purpose: string;
  /** The policy's roles that serve this purpose. */
  roles: string[];
  categories: string[];
  coordinates: string[];
  reads: number;
  writes: number;
  firstAt: string;
  lastAt: string;
}

/** The data subject's copy: everything the graph holds about them, and who received it. */
export interface SubjectAccessDocument {
  format: typeof SUBJECT_ACCESS_FORMAT;
  customerId: string;
  generatedAt: string;
  generatedFor: { subject: string; clientId: string; purpose: string };
  /** Every field of the customer as the graph answers it, every list in full. */
  customer: Record<string, unknown>;
  /** Every classified field the export reads, in schema order, with its values in `customer`. */
  personalData: ExportedField[];
  recipients: Recipient[];
}

/** The export could not read everything: it is not made. */
export class SubjectAccessIncompleteError extends GraphQLError {
  constructor(problems: string[]) {
    super(`The export could not read everything the systems hold about the customer: ${problems.slice(0, 5).join('; ')}`, {
      extensions: { code: ErrorCode.SubjectAccessIncomplete },
    });
  }
}

/** The caller already has an export under way. */
export class SubjectAccessBusyError extends GraphQLError {
  constructor() {
    super('An export for you is already under way; ask again when it is done', { extensions: { code: ErrorCode.RateLimited } });
  }
}

/**
 * A data subject's access request answered from the graph itself: the operations of the export
 * plan run through the gateway as the data-protection officer who asked (so each is checked and
 * audited like any read), every sliced list paged until a short page; the values are labelled
 * with what the supergraph says of their field; the recipients come from the audit trail. Any
 * error in any answer refuses the whole export: a copy that silently lacks something is worse
 * than none.
 */
export class SubjectAccessExporter {
  private readonly plan: ExportPlan;
  private readonly rules: FieldRules;
  private readonly inventory: Map<string, InventoryEntry>;

  constructor(
    private readonly schema: GraphQLSchema,
    supergraph: DocumentNode,
    private readonly policy: Policy,
  ) {
    this.rules = fieldRulesFromSdl(supergraph);
    this.plan = exportPlan(schema, this.rules, listSizesFromSdl(supergraph));
    this.inventory = new Map(dataInventory(supergraph, policy, []).map((entry) => [entry.coordinate, entry]));
  }

  /** The classified coordinates every export covers. */
  get coordinates(): readonly string[] {
    return this.plan.coordinates;
  }

  /** `exportId` marks the export's own reads in the trail (their x-request-id), so they are not counted as recipients. */
  async export(customerId: string, principal: Principal, run: RunOperation, exportId?: string): Promise<SubjectAccessDocument> {
    if (!/^\d{1,15}$/.test(customerId)) throw new UserInputError('customerId must be a CRM customer number', 'customerId');
    const profile = await run(this.plan.profile.query, { customerId }, this.plan.profile.operationName);
    const customer = answerOf(profile, 'customer', []);
    if (customer === null) throw new UserInputError(`There is no customer ${customerId}`, 'customerId');
    for (const list of this.plan.lists) customer[list.field] = await this.readInFull(list, customerId, run);
    return {
      format: SUBJECT_ACCESS_FORMAT,
      customerId,
      generatedAt: new Date().toISOString(),
      generatedFor: { subject: principal.subject, clientId: principal.clientId, purpose: principal.purpose },
      customer,
      personalData: this.personalDataOf(customer),
      recipients: await this.recipientsOf(customerId, run, exportId),
    };
  }

  /**
   * Every item of one list, `PAGE_SIZE` at a time by offset. Offsets drift when the list changes
   * while it is read (a new order moves the rest down), so items are kept once by id, and the first
   * page is read again at the end: if it changed, the export is refused rather than risk a gap.
   */
  private async readInFull(list: PagedList, customerId: string, run: RunOperation): Promise<unknown[]> {
    const page = async (offset: number): Promise<unknown[]> => {
      const customer = answerOf(await run(list.query, { customerId, offset }, list.operationName), 'customer', [list.field]);
      const items = customer?.[list.field];
      if (!Array.isArray(items)) throw new SubjectAccessIncompleteError([`customer.${list.field} came back without a list`]);
      return items;
    };
    const items: unknown[] = [];
    const seen = new Set<string>();
    let first: unknown[] = [];
    for (let index = 0, empty = 0; empty < EMPTY_PAGES_AT_END[list.slicing]; index++) {
      if (index === MAX_PAGES) throw new SubjectAccessIncompleteError([`${list.field} has more than ${MAX_PAGES * PAGE_SIZE} items`]);
      const got = await page(index * PAGE_SIZE);
      if (index === 0) first = got;
      empty = got.length === 0 ? empty + 1 : 0;
      for (const item of got) {
        const id = (item as { id?: unknown }).id;
        if (typeof id === 'string' && seen.has(id)) continue;
        if (typeof id === 'string') seen.add(id);
        items.push(item);
      }
    }
    if (JSON.stringify(await page(0)) !== JSON.stringify(first))
      throw new SubjectAccessIncompleteError([`customer.${list.field} changed while it was read; ask again`]);
    return items;
  }

  private personalDataOf(customer: Record<string, unknown>): ExportedField[] {
    const values = new Map<string, ExportedValue[]>(this.plan.coordinates.map((coordinate) => [coordinate, []]));
    collectValues(customer, this.schema.getType('Customer')!, '', this.rules, values);
    return [...values].map(([coordinate, found]) => {
      const entry = this.inventory.get(coordinate);
      if (!entry) throw new Error(`${coordinate} is classified but not in the data inventory`);
      return {
        coordinate,
        category: entry.category,
        fidesDataCategory: entry.fidesDataCategory,
        subgraph: entry.subgraph,
        systemOfRecord: entry.systemOfRecord,
        purposes: entry.purposes,
        values: found,
      };
    });
  }

  /** Every read and write of this customer's data in the audit trail, grouped by client and purpose; this export's own reads left out. */
  private async recipientsOf(customerId: string, run: RunOperation, exportId: string | undefined): Promise<Recipient[]> {
    const query =
      'query SubjectAccessRecipients($customerId: String!, $after: String) { accessLog(customerId: $customerId, first: ' +
      `${ACCESS_LOG_PAGE_SIZE}, after: $after) { nodes { kind at clientId clientKind purpose clientRequestId ` +
      'customers { customerId returned } } pageInfo { hasNextPage endCursor } } }';
    const recipients = new Map<string, Recipient & { fields: Set<string> }>();
    let after: string | null = null;
    for (let page = 0; ; page++) {
      if (page === MAX_PAGES) throw new SubjectAccessIncompleteError(['the audit trail has too many entries for the customer']);
      const answer = await run(query, { customerId, after }, 'SubjectAccessRecipients');
      const log = answerOf(answer, 'accessLog', []) as { nodes: AccessLogNode[]; pageInfo: { hasNextPage: boolean; endCursor: string } };
      if (!log) throw new SubjectAccessIncompleteError(['the audit trail could not be read']);
      for (const node of log.nodes) {
        const entry = node.customers.find((access) => access.customerId === customerId);
        const returned = entry?.returned ?? [];
        // Refused: nothing was disclosed. A read that returned nothing of this customer disclosed nothing either.
        if (node.kind === 'refused' || !entry || (node.kind !== 'write' && returned.length === 0)) continue;
        if (exportId !== undefined && node.clientRequestId === exportId) continue;
        const key = `${node.clientId}\n${node.purpose}`;
        let recipient = recipients.get(key);
        if (!recipient) {
          const roles = Object.entries(this.policy.roles).filter(([, role]) => role.purposes.includes(node.purpose));
          recipient = {
            clientId: node.clientId,
            clientKind: node.clientKind,
            purpose: node.purpose,
            roles: roles.map(([name]) => name),
            categories: [],
            coordinates: [],
            reads: 0,
            writes: 0,
            firstAt: node.at,
            lastAt: node.at,
            fields: new Set(),
          };
          recipients.set(key, recipient);
        }
        if (node.kind === 'write') recipient.writes++;
        else recipient.reads++;
        for (const coordinate of returned) recipient.fields.add(coordinate);
        if (node.at < recipient.firstAt) recipient.firstAt = node.at;
        if (node.at > recipient.lastAt) recipient.lastAt = node.at;
      }
      if (!log.pageInfo.hasNextPage) break;
      after = log.pageInfo.endCursor;
    }
    return [...recipients.values()]
      .map(({ fields, ...recipient }) => ({
        ...recipient,
        coordinates: [...fields].sort(),
        categories: [...new Set([...fields].map((coordinate) => this.rules.get(coordinate)?.category ?? 'UNCLASSIFIED'))].sort(),
      }))
      .sort((a, b) => a.clientId.localeCompare(b.clientId) || a.purpose.localeCompare(b.purpose));
  }
}

interface AccessLogNode {
  kind: string;
  clientRequestId: string | null;
  at: string;
  clientId: string;
  clientKind: string;
  purpose: string;
  customers: Array<{ customerId: string; returned: string[] }>;
}

/**
 * The root field's value (null: there is none); any error anywhere in the answer, a value shown
 * masked, or an answer that is no GraphQL result refuses the export.
 */
function answerOf(answer: GraphQLAnswer, root: string, fields: string[]) {
  if (answer.errors?.length) {
    const problems = answer.errors.map(
      (error) => `${(error.path ?? [root, ...fields]).join('.')}: ${String(error.extensions?.code ?? 'ERROR')} (${error.message})`,
    );
    throw new SubjectAccessIncompleteError(problems);
  }
  if (!answer.data || !(root in answer.data)) throw new SubjectAccessIncompleteError([`the answer has no ${root}`]);
  const masked = answer.extensions?.maskedPaths;
  if (Array.isArray(masked) && masked.length > 0)
    throw new SubjectAccessIncompleteError([`${masked.slice(0, 3).join(', ')} came back masked: the caller may not see them in full`]);
  // biome-ignore lint/suspicious/noExplicitAny: the answer's shape is the plan's selection
  return answer.data[root] as Record<string, any> | null;
}

/** Walks the answer with the schema: every classified field's value, under its path. */
function collectValues(value: unknown, type: GraphQLNamedType, path: string, rules: FieldRules, into: Map<string, ExportedValue[]>): void {
  if (value === null || value === undefined || !isObjectType(type)) return;
  if (Array.isArray(value)) {
    for (const [index, item] of value.entries()) collectValues(item, type, `${path}[${index}]`, rules, into);
    return;
  }
  const fields = type.getFields();
  for (const [key, fieldValue] of Object.entries(value as Record<string, unknown>)) {
    const field = fields[key];
    if (!field) continue;
    const coordinate = `${type.name}.${key}`;
    const fieldPath = path ? `${path}.${key}` : key;
    const isEmpty = fieldValue === null || (Array.isArray(fieldValue) && fieldValue.length === 0);
    if (rules.has(coordinate) && !isEmpty) into.get(coordinate)?.push({ path: fieldPath, value: fieldValue });
    collectValues(fieldValue, getNamedType(field.type), fieldPath, rules, into);
  }
}
