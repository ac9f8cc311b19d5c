import { RequestLoaders, rowByKey, rowsByKey } from '../../resolvers/loaders';
import type { CommerceRepository } from './commerce.repository';
import type { CustomerRepository } from './customer.repository';
import type { InteractionKind } from './enums';
import type { RelationshipRepository } from './relationship.repository';

export interface CrmRepositories {
  customers: CustomerRepository;
  commerce: CommerceRepository;
  relationship: RelationshipRepository;
}

/**
 * The crm subgraph's loaders for one request. Each relation is fetched with one
 * `WHERE … IN` per batch of parents; page sizes are part of the loader's name so
 * parents asking for the same page share a batch.
 */
export class CrmLoaders {
  private readonly loaders = new RequestLoaders();

  constructor(private readonly repos: CrmRepositories) {}

  get customer() {
    return this.loaders.get('customer', () => rowByKey((ids: readonly string[]) => this.repos.customers.customersByIds(ids), (c) => c.id));
  }

  /** A root-level page is one query per request, so it needs no batching. */
  customerPage(afterId: number | undefined, limit: number) {
    return this.repos.customers.customersAfter(afterId, limit);
  }

  get household() {
    return this.loaders.get('household', () => rowByKey((ids: readonly string[]) => this.repos.customers.householdsByIds(ids), (h) => h.id));
  }

  get householdMembers() {
    return this.loaders.get('householdMembers', () =>
      rowsByKey((ids: readonly string[]) => this.repos.customers.customersByHouseholdIds(ids), (c) => c.householdId!));
  }

  get accounts() {
    return this.loaders.get('accounts', () => rowsByKey((ids: readonly string[]) => this.repos.customers.accountsByCustomerIds(ids), (a) => a.customerId));
  }

  get addresses() {
    return this.loaders.get('addresses', () => rowsByKey((ids: readonly string[]) => this.repos.customers.addressesByCustomerIds(ids), (a) => a.customerId));
  }

  get consents() {
    return this.loaders.get('consents', () => rowsByKey((ids: readonly string[]) => this.repos.customers.consentsByCustomerIds(ids), (c) => c.customerId));
  }

  orders(first: number) {
    return this.loaders.get(`orders:${first}`, () =>
      rowsByKey((ids: readonly string[]) => this.repos.commerce.ordersByCustomerIds(ids, first), (o) => o.customerId));
  }

  get orderLines() {
    return this.loaders.get('orderLines', () => rowsByKey((ids: readonly string[]) => this.repos.commerce.linesByOrderIds(ids), (l) => l.orderId));
  }

  invoices(first: number) {
    return this.loaders.get(`invoices:${first}`, () =>
      rowsByKey((ids: readonly string[]) => this.repos.commerce.invoicesByCustomerIds(ids, first), (i) => i.customerId));
  }

  payments(first: number) {
    return this.loaders.get(`payments:${first}`, () =>
      rowsByKey((ids: readonly string[]) => this.repos.commerce.paymentsByCustomerIds(ids, first), (p) => p.customerId));
  }

  interactions(first: number, kind?: InteractionKind) {
    return this.loaders.get(`interactions:${first}:${kind ?? '*'}`, () =>
      rowsByKey((ids: readonly string[]) => this.repos.relationship.interactionsByCustomerIds(ids, first, kind), (i) => i.customerId));
  }

  offers(first: number) {
    return this.loaders.get(`offers:${first}`, () =>
      rowsByKey((ids: readonly string[]) => this.repos.relationship.offersByCustomerIds(ids, first), (o) => o.customerId));
  }
}

export type CrmContext = import('../../resolvers/context').SubgraphContext<CrmLoaders>;
