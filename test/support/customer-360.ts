/** Fields from every subgraph: crm, archive (through account numbers) and analytics. */
export const CUSTOMER_360 = /* GraphQL */ `
  fragment Customer360 on Customer {
    id name email phone dateOfBirth customerSince
    household { id name members { id } }
    accounts { accountNumber businessUnit status openedOn }
    addresses { kind line1 postalCode city country }
    consents { topic granted recordedAt }
    restriction { restricted erasureRequested }
    orders(first: 3) {
      id orderNumber placedAt status total { amount currency } lines { lineNumber sku quantity unitPrice { amount currency } }
    }
    invoices(first: 3) { invoiceNumber issuedOn status amount { amount currency } }
    payments(first: 3) { paidAt method cardLast4 iban amount { amount } }
    interactions(first: 3) { kind channel businessUnit status resolution handlingCost { amount } }
    offers(first: 3) { product response }
    segment valueTier churnRisk scoresAsOf
    lifetimeValue { amount currency }
    riskRating { rating since }
    riskHistory { scoredOn riskRating riskSince }
    costToServe { total { amount } contacts byChannel { channel contacts cost { amount } costPerContact { amount } } }
    profitability { revenue { amount } margin { amount } costToServe { amount } profit { amount } }
    monthlySummaries(last: 3) { month revenue { amount } contacts }
    archivedOrders(first: 5) { accountNumber orderNumber placedAt total { amount currency } lineCount }
    archivedInvoices(first: 5) { accountNumber invoiceNumber issuedOn amount { amount } }
    archivedInteractions(first: 5) { accountNumber kind channel occurredAt }
  }
`;

export const CUSTOMER_QUERY = `query Customer($id: ID!) { customer(id: $id) { ...Customer360 } } ${CUSTOMER_360}`;

export const CUSTOMER_PAGE_QUERY = `query Page($first: Int!, $after: String) {
  customers(first: $first, after: $after) { nodes { ...Customer360 } pageInfo { hasNextPage endCursor } }
} ${CUSTOMER_360}`;
