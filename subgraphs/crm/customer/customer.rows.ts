import type { AccountStatus, AddressKind, ConsentTopic } from '../enums';

/** A customer as the OLTP holds them; the GraphQL `Customer` is read from it. */
export interface CustomerRow {
  id: string;
  firstName: string;
  lastName: string;
  /** Full name as used in correspondence. */
  name: string;
  email: string;
  phone: string | null;
  dateOfBirth: string | null;
  customerSince: string;
  householdId: string | null;
  processingRestricted: boolean;
  restrictedAt: string | null;
  erasureRequestedAt: string | null;
}

export interface HouseholdRow {
  id: string;
  name: string;
}

export interface AccountRow {
  customerId: string;
  accountNumber: string;
  businessUnit: string;
  status: AccountStatus;
  openedOn: string;
}

export interface AddressRow {
  customerId: string;
  kind: AddressKind;
  line1: string;
  line2: string | null;
  postalCode: string;
  city: string;
  country: string;
}

export interface ConsentRow {
  customerId: string;
  topic: ConsentTopic;
  granted: boolean;
  recordedAt: string;
}
