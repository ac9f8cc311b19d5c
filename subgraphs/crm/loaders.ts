import type { ArchiveRecordsClient } from '../../systems/archive/api/archive-records.client';
import type { SubgraphContext } from '../../subgraph-kit/context';
import { type BatchObserver, RequestLoaders } from '../../subgraph-kit/loaders';
import type { CommerceRepository } from './commerce/commerce.repository';
import type { CustomerRepository, CustomerSearchTerm } from './customer/customer.repository';
import type { InteractionKind } from './enums';
import type { FrontLineWriteRepository } from './relationship/front-line-writes.repository';
import type { ProspectQuery, ProspectRepository } from './prospect/prospect.repository';
import type { RelationshipRepository } from './relationship/relationship.repository';
import type { DataSubjectRequestRepository, DataSubjectRequestRow, NewDataSubjectRequest } from './rights/data-subject-requests.repository';

interface CrmRepositories {
  customers: CustomerRepository;
  commerce: CommerceRepository;
  relationship: RelationshipRepository;
  /** The only writer: data-subject requests, over the write connection. */
  dataSubjectRequests: DataSubjectRequestRepository;
  /** The other writer: what the front line records (interactions, offers), over the same write connection. */
  frontLineWrites: FrontLineWriteRepository;
  prospects: ProspectRepository;
  /** The records API, asked for the account a legacy account number became. */
  legacyAccounts: Pick<ArchiveRecordsClient, 'accountNumberOfLegacy'>;
}

/**
 * The crm subgraph's loaders for one request: each relation is one `WHERE … IN`
 * per level of the response, whatever the number of parents. A list's loader is kept
 * per page (`first` and `offset`), so the parents asking for the same page share a batch.
 */
export class CrmLoaders {
  private readonly loaders: RequestLoaders;

  constructor(
    private readonly repos: CrmRepositories,
    observeBatch: BatchObserver,
  ) {
    this.loaders = new RequestLoaders('CRM database', observeBatch);
  }

  /**
   * Records a data-subject request (and applies it), then forgets what this request's loaders
   * read of the customer, so the answer and any later mutation of the same operation read the new state.
   */
  async recordDataSubjectRequest(request: NewDataSubjectRequest): Promise<DataSubjectRequestRow> {
    const recorded = await this.loaders.run(() => this.repos.dataSubjectRequests.record(request));
    this.customer.clear(request.customerId);
    this.consents.clear(request.customerId);
    return recorded;
  }

  /** Runs one front-line write (interactions, offers) with the crm's database errors reported as for a read. */
  recordFrontLineWrite<T>(write: (repo: FrontLineWriteRepository) => Promise<T>): Promise<T> {
    return this.loaders.run(() => write(this.repos.frontLineWrites));
  }

  /** A root-level page is one query per request, so it needs no batching. */
  customerPage(afterId: number | undefined, limit: number) {
    return this.loaders.run(() => this.repos.customers.customersAfter(afterId, limit));
  }

  /** A search (`Query.findCustomers`): one statement; the customers found are primed, so their fields read no customer row again. */
  async customersFound(search: CustomerSearchTerm, limit: number, withRestricted: boolean) {
    const find = (term: CustomerSearchTerm) => this.loaders.run(() => this.repos.customers.customersFound(term, limit, withRestricted));
    let found = await find(search);
    // Only the archive still knows the numbers of the systems the OLTP replaced: one call, then one more statement.
    if (found.length === 0 && search.kind === 'accountNumber') {
      const successor = await this.repos.legacyAccounts.accountNumberOfLegacy(search.accountNumber);
      if (successor !== undefined) found = await find({ kind: 'accountNumber', accountNumber: successor });
    }
    for (const customer of found) this.customer.prime(customer.id, customer);
    return found;
  }

  /** A page of prospects: one query per request. */
  prospects(query: ProspectQuery) {
    return this.loaders.run(() => this.repos.prospects.prospects(query));
  }

  get customer() {
    return this.loaders.one(
      'customer',
      (ids: readonly string[]) => this.repos.customers.customersByIds(ids),
      (c) => c.id,
    );
  }

  get household() {
    return this.loaders.one(
      'household',
      (ids: readonly string[]) => this.repos.customers.householdsByIds(ids),
      (h) => h.id,
    );
  }

  get householdMembers() {
    return this.loaders.many(
      'householdMembers',
      (ids: readonly string[]) => this.repos.customers.customersByHouseholdIds(ids),
      (c) => c.householdId!,
    );
  }

  get accounts() {
    return this.loaders.many(
      'accounts',
      (ids: readonly string[]) => this.repos.customers.accountsByCustomerIds(ids),
      (a) => a.customerId,
    );
  }

  get addresses() {
    return this.loaders.many(
      'addresses',
      (ids: readonly string[]) => this.repos.customers.addressesByCustomerIds(ids),
      (a) => a.customerId,
    );
  }

  get consents() {
    return this.loaders.many(
      'consents',
      (ids: readonly string[]) => this.repos.customers.consentsByCustomerIds(ids),
      (c) => c.customerId,
    );
  }

  orders(first: number, offset = 0) {
    return this.loaders.many(
      `orders:${first}:${offset}`,
      (ids: readonly string[]) => this.repos.commerce.ordersByCustomerIds(ids, first, offset),
      (o) => o.customerId,
    );
  }

  get orderLines() {
    return this.loaders.many(
      'orderLines',
      (ids: readonly string[]) => this.repos.commerce.linesByOrderIds(ids),
      (l) => l.orderId,
    );
  }

  invoices(first: number, offset = 0) {
    return this.loaders.many(
      `invoices:${first}:${offset}`,
      (ids: readonly string[]) => this.repos.commerce.invoicesByCustomerIds(ids, first, offset),
      (i) => i.customerId,
    );
  }

  payments(first: number, offset = 0) {
    return this.loaders.many(
      `payments:${first}:${offset}`,
      (ids: readonly string[]) => this.repos.commerce.paymentsByCustomerIds(ids, first, offset),
      (p) => p.customerId,
    );
  }

  interactions(first: number, offset = 0, kind?: InteractionKind) {
    return this.loaders.many(
      `interactions:${first}:${offset}:${kind ?? '*'}`,
      (ids: readonly string[]) => this.repos.relationship.interactionsByCustomerIds(ids, first, offset, kind),
      (i) => i.customerId,
    );
  }

  offers(first: number, offset = 0) {
    return this.loaders.many(
      `offers:${first}:${offset}`,
      (ids: readonly string[]) => this.repos.relationship.offersByCustomerIds(ids, first, offset),
      (o) => o.customerId,
    );
  }
}

export type CrmContext = SubgraphContext<CrmLoaders>;
