import { registeredOperation } from '../gateway/persisted/manifest';

/** What the benchmark asks, the same for every contender. */
export interface Workload {
  name: string;
  /** The operation a first-party client sends (and the partner's registered operation body). */
  query: string;
  operationName: string;
  /** Variables for one request; called per request so customers vary. */
  variables: (customers: number) => Record<string, unknown>;
  /** Sent by a partner as a registered operation (ours); other contenders get the document. */
  persisted?: { client: string };
}

// The partner's registered operation, as registered (other contenders get its document).
const DELIVERY_ADDRESS = registeredOperation('acme-delivery', 'DeliveryAddress');

const randomCustomer = (customers: number) => String(1_000_001 + Math.floor(Math.random() * customers));

export const WORKLOADS: Workload[] = [
  {
    name: 'customer-360',
    operationName: 'Customer360',
    query: `query Customer360($id: ID!) { customer(id: $id) {
  id name email phone accounts { accountNumber businessUnit }
  orders(first: 3) { orderNumber placedAt total { amount currency } }
  archivedOrders(first: 3) { orderNumber placedAt }
  segment valueTier riskRating { rating since } costToServe { total { amount } }
  accessLog(first: 3) { at subject }
} }`,
    variables: (customers) => ({ id: randomCustomer(customers) }),
  },
  {
    name: 'page-of-100',
    operationName: 'CustomerPage',
    query: `query CustomerPage($after: String) { customers(first: 100, after: $after) { nodes {
  id name segment valueTier archivedOrders(first: 2) { orderNumber }
} } }`,
    variables: (customers) => {
      const start = 1_000_000 + Math.floor(Math.random() * Math.max(1, customers - 100));
      return { after: Buffer.from(`k1:${start}`).toString('base64url') };
    },
  },
  {
    name: 'partner-operation',
    operationName: DELIVERY_ADDRESS.name,
    query: DELIVERY_ADDRESS.body,
    variables: (customers) => ({ customerId: randomCustomer(customers) }),
    persisted: { client: 'acme-delivery' },
  },
];
