import { composeServices } from '@apollo/composition';
import { execute, parse } from 'graphql';
import type { Principal } from '../../../contracts/principal';
import { apiSchemaOf } from '../../../platform/supergraph-file';
import { loadPolicy } from '../../../policy/policy';
import { PAGE_SIZE } from './export-plan';
import { type GraphQLAnswer, type RunOperation, SubjectAccessExporter } from './subject-access-export';
import { subjectAccessHtml } from './subject-access-html';

const LINK = `extend schema
  @link(url: "https://specs.apollo.dev/federation/v2.9", import: ["@key", "@composeDirective"])
  @link(url: "https://customer-graph.dev/data-protection/v1.0", import: ["@personal", "@access", "@consent"])
  @composeDirective(name: "@personal") @composeDirective(name: "@access") @composeDirective(name: "@consent")
directive @personal(category: String!, mask: String) on FIELD_DEFINITION
directive @access(scopes: [[String!]!]!, purposes: [String!]) on FIELD_DEFINITION
directive @consent(topic: String!, purposes: [String!]!) on FIELD_DEFINITION
`;

/** A small crm: a customer with a name, a paged list and a household of other customers. */
function crm(extraCustomerFields = '', orderArguments = 'first: Int! = 10, offset: Int! = 0') {
  return `${LINK}
type Query {
  customer(id: ID!): Customer @personal(category: "IDENTITY") @access(scopes: [["customer:read"]])
}
type Customer @key(fields: "id") {
  id: ID!
  name: String @personal(category: "IDENTITY") @access(scopes: [["customer:read"]])
  email: String @personal(category: "CONTACT", mask: "EMAIL") @access(scopes: [["contact:read"]])
  orders(${orderArguments}): [Order!] @personal(category: "BEHAVIOURAL") @access(scopes: [["commerce:read"]])
  household: Household @personal(category: "IDENTITY") @access(scopes: [["identity:read"]])
  ${extraCustomerFields}
}
type Order { id: ID! total: Int! }
type Household { id: ID! name: String @personal(category: "IDENTITY") @access(scopes: [["identity:read"]]) members: [Customer!]! }
`;
}

const PRIVACY = `${LINK}
type Query {
  accessLog(customerId: String, first: Int! = 20, after: String): AccessLogPage
    @personal(category: "BEHAVIOURAL") @access(scopes: [["audit:read"]], purposes: ["data_protection"])
}
type Customer @key(fields: "id") {
  id: ID!
  accessLog(first: Int! = 20): [Entry!] @personal(category: "BEHAVIOURAL") @access(scopes: [["audit:read"]], purposes: ["data_protection"])
}
type AccessLogPage { nodes: [Entry!]! pageInfo: PageInfo! }
type PageInfo { hasNextPage: Boolean! endCursor: String }
type Entry { kind: String! at: String! clientId: String! clientKind: String! purpose: String! customers: [CustomerAccess!]! }
type CustomerAccess { customerId: String! returned: [String!]! }
`;

function supergraphOf(crmSdl: string): string {
  const result = composeServices([
    { name: 'crm', url: 'http://crm.invalid/graphql', typeDefs: parse(crmSdl) },
    { name: 'privacy', url: 'http://privacy.invalid/graphql', typeDefs: parse(PRIVACY) },
  ]);
  if (result.errors) throw new Error(result.errors.map((error) => error.message).join('\n'));
  return result.supergraphSdl;
}

function exporterOf(crmSdl: string): SubjectAccessExporter {
  const sdl = supergraphOf(crmSdl);
  return new SubjectAccessExporter(apiSchemaOf(sdl), parse(sdl), loadPolicy());
}

const DPO: Principal = {
  subject: 'dpo@example.com',
  clientId: 'dpo-app',
  clientKind: 'first-party',
  purpose: 'data_protection',
  scopes: [],
};

const ORDERS = Array.from({ length: 45 }, (_, i) => ({ id: String(9000 + i), total: i }));

const TRAIL = [
  {
    kind: 'read',
    at: '2026-01-02T10:00:00.000Z',
    clientId: 'crm-web',
    clientKind: 'first-party',
    purpose: 'customer_service',
    returned: ['Customer.email'],
  },
  {
    kind: 'read',
    at: '2026-01-01T10:00:00.000Z',
    clientId: 'crm-web',
    clientKind: 'first-party',
    purpose: 'customer_service',
    returned: ['Customer.name'],
  },
  { kind: 'refused', at: '2026-01-03T10:00:00.000Z', clientId: 'crm-web', clientKind: 'first-party', purpose: 'sales', returned: [] },
  {
    kind: 'read',
    at: '2026-01-04T10:00:00.000Z',
    clientId: 'acme-delivery',
    clientKind: 'partner',
    purpose: 'order_delivery',
    returned: ['Customer.name'],
  },
];

/** The graph the export reads, answered by graphql-js over the composed API schema; every operation it was sent is kept. */
function graphOf(crmSdl: string, customer: Record<string, unknown> | null = null) {
  const schema = apiSchemaOf(supergraphOf(crmSdl));
  const sent: Array<{ operationName: string; variables: Record<string, unknown> }> = [];
  const subject = customer ?? {
    id: '42',
    name: 'Ann <b>Example</b>',
    email: null,
    shoeSize: 38,
    orders: ({ first, offset }: { first: number; offset: number }) => ORDERS.slice(offset, offset + first),
    household: { id: '7', name: 'Example family', members: [{ id: '42' }, { id: '43' }] },
  };
  const rootValue = {
    customer: ({ id }: { id: string }) => (id === '42' ? subject : null),
    accessLog: ({ first, after }: { first: number; after: string | null }) => {
      const start = after ? Number(after) : 0;
      const nodes = TRAIL.slice(start, start + first).map(({ returned, ...entry }) => ({
        ...entry,
        customers: [{ customerId: '42', returned }],
      }));
      return { nodes, pageInfo: { hasNextPage: start + first < TRAIL.length, endCursor: String(start + first) } };
    },
  };
  const run: RunOperation = async (query, variables, operationName) => {
    sent.push({ operationName, variables });
    return (await execute({ schema, document: parse(query), rootValue, variableValues: variables })) as GraphQLAnswer;
  };
  return { run, sent };
}

describe('the subject-access export', () => {
  it('reads every field of the customer and every classified coordinate below it, from the schema alone', () => {
    const exporter = exporterOf(crm());
    expect(exporter.coordinates).toEqual(['Customer.name', 'Customer.email', 'Customer.orders', 'Customer.household', 'Household.name']);
  });

  it('exports a classified field added to a subgraph without a change to the export', async () => {
    const sdl = crm('shoeSize: Int @personal(category: "IDENTITY") @access(scopes: [["customer:read"]])');
    const exporter = exporterOf(sdl);
    expect(exporter.coordinates).toContain('Customer.shoeSize');
    const document = await exporter.export('42', DPO, graphOf(sdl).run);
    expect(document.personalData.find((field) => field.coordinate === 'Customer.shoeSize')).toEqual({
      coordinate: 'Customer.shoeSize',
      category: 'IDENTITY',
      fidesDataCategory: 'user.unique_id',
      subgraph: 'crm',
      systemOfRecord: 'OLTP database',
      purposes: ['customer_service', 'sales', 'marketing', 'credit_risk', 'data_protection', 'order_delivery', 'credit_insurance'],
      values: [{ path: 'shoeSize', value: 38 }],
    });
  });

  it('pages a list until a short page: every item, in order, none twice', async () => {
    const graph = graphOf(crm());
    const document = await exporterOf(crm()).export('42', DPO, graph.run);
    expect((document.customer.orders as Array<{ id: string }>).map((order) => order.id)).toEqual(ORDERS.map((order) => order.id));
    expect(graph.sent.filter((op) => op.operationName === 'SubjectAccessOrders').map((op) => op.variables.offset)).toEqual([0, 20, 40]);
    expect(PAGE_SIZE).toBe(20);
  });

  it('labels every value with its field, names other household members by id only, and leaves empty fields empty', async () => {
    const document = await exporterOf(crm()).export('42', DPO, graphOf(crm()).run);
    const values = Object.fromEntries(document.personalData.map((field) => [field.coordinate, field.values]));
    expect(values['Customer.name']).toEqual([{ path: 'name', value: 'Ann <b>Example</b>' }]);
    expect(values['Customer.email']).toEqual([]);
    expect(values['Household.name']).toEqual([{ path: 'household.name', value: 'Example family' }]);
    expect(document.customer.household).toEqual({ id: '7', name: 'Example family', members: [{ id: '42' }, { id: '43' }] });
    expect(values['Customer.orders']).toHaveLength(1);
    expect(document.personalData.find((field) => field.coordinate === 'Customer.email')).toMatchObject({
      category: 'CONTACT',
      fidesDataCategory: 'user.contact.email',
      purposes: ['customer_service', 'sales', 'marketing', 'data_protection', 'order_delivery'],
    });
  });

  it('lists the recipients from the audit trail: reads by client and purpose, refusals left out', async () => {
    const document = await exporterOf(crm()).export('42', DPO, graphOf(crm()).run);
    expect(document.recipients).toEqual([
      {
        clientId: 'acme-delivery',
        clientKind: 'partner',
        purpose: 'order_delivery',
        roles: ['acme_delivery'],
        categories: ['IDENTITY'],
        coordinates: ['Customer.name'],
        reads: 1,
        writes: 0,
        firstAt: '2026-01-04T10:00:00.000Z',
        lastAt: '2026-01-04T10:00:00.000Z',
      },
      {
        clientId: 'crm-web',
        clientKind: 'first-party',
        purpose: 'customer_service',
        roles: ['support_agent'],
        categories: ['CONTACT', 'IDENTITY'],
        coordinates: ['Customer.email', 'Customer.name'],
        reads: 2,
        writes: 0,
        firstAt: '2026-01-01T10:00:00.000Z',
        lastAt: '2026-01-02T10:00:00.000Z',
      },
    ]);
  });

  it('refuses a sliced list that cannot be paged, and a field that needs an argument it cannot choose', () => {
    expect(() => exporterOf(crm('', 'first: Int! = 10'))).toThrow(
      'Customer.orders is sliced by first but takes no offset: it cannot be read in full',
    );
    expect(() => exporterOf(crm('nearest(to: String!): String'))).toThrow(
      'Customer.nearest needs the argument to, which the export cannot choose',
    );
  });

  it('is refused as a whole when any answer has an error, and names a customer that does not exist', async () => {
    const failing: RunOperation = async (_query, _variables, operationName) =>
      operationName === 'SubjectAccessOrders'
        ? {
            data: { customer: { orders: null } },
            errors: [
              {
                message: 'The records archive is not available right now',
                path: ['customer', 'orders'],
                extensions: { code: 'UPSTREAM_UNAVAILABLE' },
              },
            ],
          }
        : graphOf(crm()).run(_query, _variables, operationName);
    await expect(exporterOf(crm()).export('42', DPO, failing)).rejects.toMatchObject({
      message: expect.stringContaining('customer.orders: UPSTREAM_UNAVAILABLE'),
      extensions: { code: 'SUBJECT_ACCESS_INCOMPLETE' },
    });
    await expect(exporterOf(crm()).export('41', DPO, graphOf(crm()).run)).rejects.toMatchObject({
      message: 'There is no customer 41',
      extensions: { code: 'BAD_USER_INPUT' },
    });
    await expect(exporterOf(crm()).export('4x', DPO, graphOf(crm()).run)).rejects.toMatchObject({ extensions: { code: 'BAD_USER_INPUT' } });
  });

  it('renders the page with every value escaped and nothing that runs or loads', async () => {
    const html = subjectAccessHtml(await exporterOf(crm()).export('42', DPO, graphOf(crm()).run));
    expect(html).toContain('Ann &lt;b&gt;Example&lt;/b&gt;');
    expect(html).not.toContain('<b>Example');
    expect(html).not.toMatch(/<script|<link|<img|src=/i);
    expect(html).toContain("default-src 'none'");
  });
});
