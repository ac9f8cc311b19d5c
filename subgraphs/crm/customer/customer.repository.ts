import type { Knex } from '../../../platform/database';
import { bool, isoDate, isoDateTime } from '../../../platform/sql-values';
import type { AccountStatus, AddressKind, ConsentTopic } from '../enums';
import type { AccountRow, AddressRow, ConsentRow, CustomerRow, HouseholdRow } from './customer.rows';

/** A search term, normalised as the columns hold it (systems/oltp/search-keys.ts). */
export type CustomerSearchTerm =
  | { kind: 'accountNumber'; accountNumber: string }
  | { kind: 'email'; emailKey: string }
  | { kind: 'phone'; phoneKey: string }
  | { kind: 'nameAndPostalCode'; nameKey: string; postalCode: string };

// biome-ignore lint/suspicious/noExplicitAny: a driver row, read column by column by the mapper that takes it
type Row = Record<string, any>;

/** Customers and what describes them: households, accounts, addresses, consents. */
export class CustomerRepository {
  constructor(private readonly db: Knex) {}

  async customersByIds(ids: readonly string[]): Promise<CustomerRow[]> {
    const rows: Row[] = await this.db('customers').whereIn('id', ids);
    return rows.map(toCustomer);
  }

  /** Keyset page in customer-number order; asks for one more row to know whether a next page exists. */
  async customersAfter(afterId: number | undefined, limit: number): Promise<CustomerRow[]> {
    const query = this.db('customers').orderBy('id').limit(limit);
    if (afterId !== undefined) query.where('id', '>', afterId);
    const rows: Row[] = await query;
    return rows.map(toCustomer);
  }

  /**
   * The customers a search finds (`Query.findCustomers`), in customer-number order, at most `limit`:
   * one indexed statement whatever the kind or the number found. `withRestricted`: also customers
   * whose processing is restricted or whose erasure is pending (only for callers who may read them).
   */
  async customersFound(search: CustomerSearchTerm, limit: number, withRestricted: boolean): Promise<CustomerRow[]> {
    const query = this.db('customers').select('customers.*').orderBy('customers.id').limit(limit);
    if (!withRestricted) query.where('customers.processing_restricted', false).whereNull('customers.erasure_requested_at');
    switch (search.kind) {
      case 'accountNumber':
        query.whereIn('customers.id', this.db('accounts').select('customer_id').where('account_number', search.accountNumber));
        break;
      case 'email':
        query.where('customers.email_key', search.emailKey);
        break;
      case 'phone':
        query.where('customers.phone_key', search.phoneKey);
        break;
      case 'nameAndPostalCode': {
        // A prefix as a range of the index: the keys hold only a-z, 0-9 and spaces, all below "~".
        const { nameKey, postalCode } = search;
        query
          .where((q) =>
            q
              .where((r) => r.where('customers.last_name_key', '>=', nameKey).andWhere('customers.last_name_key', '<', `${nameKey}~`))
              .orWhere((r) => r.where('customers.full_name_key', '>=', nameKey).andWhere('customers.full_name_key', '<', `${nameKey}~`)),
          )
          .whereExists(
            this.db('addresses').select(this.db.raw('1')).whereRaw('addresses.customer_id = customers.id').where('postal_code', postalCode),
          );
        break;
      }
    }
    const rows: Row[] = await query;
    return rows.map(toCustomer);
  }

  async householdsByIds(ids: readonly string[]): Promise<HouseholdRow[]> {
    const rows: Row[] = await this.db('households').whereIn('id', ids);
    return rows.map((row) => ({ id: String(row.id), name: row.name }));
  }

  async customersByHouseholdIds(ids: readonly string[]): Promise<CustomerRow[]> {
    const rows: Row[] = await this.db('customers').whereIn('household_id', ids).orderBy('id');
    return rows.map(toCustomer);
  }

  async accountsByCustomerIds(ids: readonly string[]): Promise<AccountRow[]> {
    const rows: Row[] = await this.db('accounts').whereIn('customer_id', ids).orderBy('id');
    return rows.map((row) => ({
      customerId: String(row.customer_id),
      accountNumber: row.account_number,
      businessUnit: row.business_unit,
      status: row.status as AccountStatus,
      openedOn: isoDate(row.opened_at)!,
    }));
  }

  async addressesByCustomerIds(ids: readonly string[]): Promise<AddressRow[]> {
    const rows: Row[] = await this.db('addresses').whereIn('customer_id', ids).orderBy('id');
    return rows.map((row) => ({
      customerId: String(row.customer_id),
      kind: row.kind as AddressKind,
      line1: row.line1,
      line2: row.line2 ?? null,
      postalCode: row.postal_code,
      city: row.city,
      country: row.country,
    }));
  }

  async consentsByCustomerIds(ids: readonly string[]): Promise<ConsentRow[]> {
    const rows: Row[] = await this.db('consents').whereIn('customer_id', ids).orderBy(['customer_id', 'topic']);
    return rows.map((row) => ({
      customerId: String(row.customer_id),
      topic: row.topic as ConsentTopic,
      granted: bool(row.granted),
      recordedAt: isoDateTime(row.recorded_at)!,
    }));
  }

  async ping(): Promise<void> {
    await this.db.raw('select 1');
  }
}

function toCustomer(row: Row): CustomerRow {
  return {
    id: String(row.id),
    firstName: row.first_name,
    lastName: row.last_name,
    name: `${row.first_name} ${row.last_name}`,
    email: row.email,
    phone: row.phone ?? null,
    dateOfBirth: isoDate(row.date_of_birth),
    customerSince: isoDateTime(row.created_at)!,
    householdId: row.household_id === null ? null : String(row.household_id),
    processingRestricted: bool(row.processing_restricted),
    restrictedAt: isoDateTime(row.restricted_at),
    erasureRequestedAt: isoDateTime(row.erasure_requested_at),
  };
}
