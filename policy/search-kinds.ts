import type { FieldRule } from './field-rules';

/**
 * Who may search customers by which kind of term (`Query.findCustomers(by: …)`), beside the class of
 * the query itself (`CUSTOMER_SEARCH` in field-classes.ts, who may search at all). A term is not a
 * field of the schema, so these are not field classes: the crm checks them (FORBIDDEN naming the kind),
 * and the golden table has a row per role × kind (`CustomerSearch.<kind>`).
 *
 * An account number is an identifier (customer:read); an e-mail address, a phone number and a name
 * with a postal code are contact data (contact:read). Sales reps may look up an e-mail address only
 * (is this lead already a customer?); support agents and the data-protection officer every kind.
 */
export const CUSTOMER_SEARCH_KINDS = {
  accountNumber: { category: 'IDENTITY', scopes: [['customer:read']], purposes: ['customer_service', 'data_protection'] },
  email: { category: 'CONTACT', scopes: [['contact:read']], purposes: ['customer_service', 'sales', 'data_protection'] },
  phone: { category: 'CONTACT', scopes: [['contact:read']], purposes: ['customer_service', 'data_protection'] },
  nameAndPostalCode: { category: 'CONTACT', scopes: [['contact:read']], purposes: ['customer_service', 'data_protection'] },
} as const satisfies Record<string, FieldRule>;

export type CustomerSearchKind = keyof typeof CUSTOMER_SEARCH_KINDS;
