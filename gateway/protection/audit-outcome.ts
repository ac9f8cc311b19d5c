import { getArgumentValues } from 'graphql/execution/values';
import type { AuditRecord, AuditSearch, CustomerAccess } from '../audit/audit-record';
import { type RecordedOperation, type RequestOrigin, readRecord } from '../audit/records';
import type { CoordinateAccess, ProtectionOutcome } from './apply-to-response';
import { ClientSelections } from './client-selections';
import type { OperationAnalysis } from './operation-analysis';

/**
 * The audit stage: what an answered operation did with personal data, as its read record —
 * per customer returned, and outside any customer (`Query.accessLog`) — or none when it
 * returned and withheld no classified field at all.
 */
export function auditRecordOf(outcome: ProtectionOutcome, origin: RequestOrigin, operation: RecordedOperation): AuditRecord | undefined {
  const sorted = sortedLists();
  const customers = [...outcome.customers].map(([id, access]) => customerAccessOf(id, access, sorted));
  const access = outcome.operation;
  if (customers.length === 0 && access.returned.size === 0 && access.denied.size === 0) return undefined;
  const { returned, masked, denied } = customerAccessOf('', access, sorted);
  return readRecord(origin, operation, { returned, masked, denied }, customers);
}

/** One customer's entry for the audit trail, its coordinates sorted. */
function customerAccessOf(customerId: string, access: CoordinateAccess, sorted: SortedLists): CustomerAccess {
  return { customerId, returned: sorted(access.returned), masked: sorted(access.masked), denied: sorted(access.denied) };
}

type SortedLists = (coordinates: ReadonlySet<string>) => string[];

/**
 * Sorted lists of coordinates, one array per distinct list within a record: the customers of a page
 * mostly got the same fields, and a record waits in memory until it is written (a hundred customers
 * then hold three shared lists, not three hundred). The lists are never changed once made.
 */
function sortedLists(): SortedLists {
  const made = new Map<string, string[]>();
  return (coordinates) => {
    const list = [...coordinates].sort();
    const key = list.join('\n');
    const same = made.get(key);
    if (same) return same;
    made.set(key, list);
    return list;
  };
}

/** A customer number: only such an argument names a customer in the trail (anything else named nobody). */
const CUSTOMER_NUMBER = /^\d{1,15}$/;

/**
 * The audit stage of a mutation: one record of kind `write` naming, per customer written (the
 * mutation's `customerId` argument, as the request's variables resolve it), the mutation's
 * coordinate (`Mutation.withdrawConsent`) in `returned` when it succeeded and in `denied` when it
 * was withheld or failed; what the answer read of customers (`customer { … }`) is in the same
 * record, as for a read. `executed` is the answer as the subgraphs gave it, under the executed
 * keys, so a write is recorded even when the rules could not be applied to the answer (`outcome`
 * absent).
 */
export function writeRecordOf(
  analysis: OperationAnalysis,
  variables: Record<string, unknown>,
  executed: Record<string, unknown> | null | undefined,
  outcome: ProtectionOutcome | undefined,
  origin: RequestOrigin,
  operation: RecordedOperation,
): AuditRecord | undefined {
  const selections = new ClientSelections(analysis.source, variables, analysis.schema);
  const mutationType = analysis.schema.getMutationType();
  if (selections.operation?.operation !== 'mutation' || !mutationType) return undefined;
  const customers = new Map<string, CoordinateAccess>([...(outcome?.customers ?? [])].map(([id, access]) => [id, copyOf(access)] as const));
  const access = copyOf(outcome?.operation ?? emptyAccess());
  const written = [...selections.collect([selections.operation.selectionSet], mutationType.name)].flatMap(([key, fields]) => {
    const facts = analysis.fields.get(fields[0]);
    const definition = mutationType.getFields()[fields[0].name.value];
    return facts?.rule && definition ? [{ key, field: fields[0], facts, definition }] : [];
  });
  // No mutation field ran (`mutation { __typename }`): nothing was written or read.
  if (written.length === 0) return undefined;
  // The answer's walk noted each mutation outside any customer; each belongs to the customer it wrote, said below.
  for (const { facts } of written) {
    access.returned.delete(facts.coordinate);
    access.denied.delete(facts.coordinate);
  }
  for (const { key, field, facts, definition } of written) {
    const customerId = getArgumentValues(definition, field, variables).customerId;
    const owner =
      typeof customerId === 'string' && CUSTOMER_NUMBER.test(customerId)
        ? (customers.get(customerId) ?? customers.set(customerId, emptyAccess()).get(customerId)!)
        : access;
    const value = facts.forbidden ? null : executed?.[facts.executedKey ?? key];
    (value === null || value === undefined ? owner.denied : owner.returned).add(facts.coordinate);
  }
  const sorted = sortedLists();
  const { returned, masked, denied } = customerAccessOf('', access, sorted);
  const record = readRecord(
    origin,
    operation,
    { returned, masked, denied },
    [...customers].map(([id, a]) => customerAccessOf(id, a, sorted)),
  );
  return { ...record, kind: 'write' };
}

function emptyAccess(): CoordinateAccess {
  return { returned: new Set(), masked: new Set(), denied: new Set() };
}

function copyOf(access: CoordinateAccess): CoordinateAccess {
  return { returned: new Set(access.returned), masked: new Set(access.masked), denied: new Set(access.denied) };
}

/**
 * A query's read record with the searches it ran (`Query.findCustomers`, see search-record.ts): a search
 * is recorded even when it found nobody or failed, so the record is made for it when the read left none.
 */
export function searchRecordOf(
  read: AuditRecord | undefined,
  searches: AuditSearch[],
  origin: RequestOrigin,
  operation: RecordedOperation,
): AuditRecord | undefined {
  if (searches.length === 0) return read;
  return { ...(read ?? readRecord(origin, operation, { returned: [], masked: [], denied: [] }, [])), searches };
}
