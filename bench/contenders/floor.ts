import http from 'node:http';
import { CUSTOMER_PAGE_CALLS, ENTITIES, type Json, representation } from './plan-calls';
import { subgraphTokens } from './subgraph-tokens';
import { defaultSubgraphUrl, type SubgraphName } from '../../contracts/subgraphs';

const SUBGRAPH = defaultSubgraphUrl;

/**
 * The floor: the same subgraph calls the query plan makes, in the same order, with
 * nothing else — no parsing, validation, planning or policy. One HTTP hop like a gateway.
 */
async function main(): Promise<void> {
  const tokens = await subgraphTokens();
  const call = async (subgraph: SubgraphName, query: string, variables: Json): Promise<Json> => {
    const response = await fetch(SUBGRAPH(subgraph), {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${tokens.current[subgraph]}` },
      body: JSON.stringify({ query, variables }),
    });
    return ((await response.json()) as Json).data;
  };
  const plans: Record<string, (variables: Json) => Promise<Json>> = {
    async Customer360({ id }) {
      const { customer } = await call(
        'crm',
        `query($id: ID!) { customer(id: $id) { __typename id name email phone accounts { accountNumber businessUnit }
        orders(first: 3) { orderNumber placedAt total { amount currency } } dataProtection { restricted consentedTopics } } }`,
        { id },
      );
      if (!customer) return { customer: null };
      const [archive, analytics, privacy] = await Promise.all([
        call('archive', ENTITIES('archivedOrders(first: 3) { orderNumber placedAt }'), { r: [representation(customer, true)] }),
        call('analytics', ENTITIES('segment valueTier riskRating { rating since } costToServe { total { amount } }'), {
          r: [representation(customer, false)],
        }),
        call('privacy', ENTITIES('accessLog(first: 3) { at subject }'), { r: [{ __typename: 'Customer', id: customer.id }] }),
      ]);
      const { dataProtection: _status, __typename: _type, ...fields } = customer;
      return { customer: { ...fields, ...archive._entities[0], ...analytics._entities[0], ...privacy._entities[0] } };
    },
    async CustomerPage({ after }) {
      const { customers } = await call('crm', CUSTOMER_PAGE_CALLS.crm, { after });
      const nodes: Json[] = customers.nodes;
      const [archive, analytics] = await Promise.all([
        call('archive', CUSTOMER_PAGE_CALLS.archive, { r: nodes.map((n) => representation(n, true)) }),
        call('analytics', CUSTOMER_PAGE_CALLS.analytics, { r: nodes.map((n) => representation(n, false)) }),
      ]);
      return {
        customers: { nodes: nodes.map((n, i) => ({ id: n.id, name: n.name, ...analytics._entities[i], ...archive._entities[i] })) },
      };
    },
    async DeliveryAddress({ customerId }) {
      return call('crm', 'query($id: ID!) { customer(id: $id) { id name addresses { kind line1 line2 postalCode city country } } }', {
        id: customerId,
      });
    },
  };

  http
    .createServer((req, res) => {
      let body = '';
      req.on('data', (chunk) => (body += chunk));
      req.on('end', async () => {
        try {
          const request = JSON.parse(body) as { operationName: string; variables: Json };
          const data = await plans[request.operationName](request.variables ?? {});
          res.setHeader('content-type', 'application/json').end(JSON.stringify({ data }));
        } catch (error) {
          res.statusCode = 500;
          res.end(JSON.stringify({ errors: [{ message: String(error) }] }));
        }
      });
    })
    .listen(Number(process.argv[2]), '127.0.0.1', () => console.log('ready'));
}

void main();
