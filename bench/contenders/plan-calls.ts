// biome-ignore lint/suspicious/noExplicitAny: the bench reads answers it has just checked for errors
export type Json = Record<string, any>;

/** An `_entities` call for customers, selecting `selection` of each. */
export const ENTITIES = (selection: string) =>
  `query($r: [_Any!]!) { _entities(representations: $r) { ... on Customer { ${selection} } } }`;

/** The subgraph calls the query plan makes for page-of-100: the crm's page, then the customers' archive and analytics fields. */
export const CUSTOMER_PAGE_CALLS = {
  crm: `query($after: String) { customers(first: 100, after: $after) { nodes { __typename id name
        accounts { accountNumber } dataProtection { restricted consentedTopics } } } }`,
  archive: ENTITIES('archivedOrders(first: 2) { orderNumber }'),
  analytics: ENTITIES('segment valueTier'),
} as const;

/** A customer the crm answered with, as the gateway represents it to another subgraph (with its account numbers where required). */
export function representation(customer: Json, withAccounts: boolean): Json {
  return {
    __typename: 'Customer',
    id: customer.id,
    dataProtection: customer.dataProtection,
    ...(withAccounts ? { accounts: customer.accounts.map((a: Json) => ({ accountNumber: a.accountNumber })) } : {}),
  };
}
