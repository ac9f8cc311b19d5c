import { composeServices } from '@apollo/composition';
import { readFileSync } from 'node:fs';
import { execute, parse } from 'graphql';
import type { Principal } from '../../../contracts/principal';
import { apiSchemaOf, DEFAULT_SUPERGRAPH_PATH } from '../../../platform/supergraph-file';
import { loadPolicy } from '../../../policy/policy';
import { PAGE_SIZE } from './export-plan';
import { type GraphQLAnswer, type RunOperation, SubjectAccessExporter } from './subject-access-export';
import { subjectAccessHtml } from './subject-access-html';

const LINK = `extend schema
  @link(url: "https://specs.apollo.dev/federation/v2.9", import: ["@key", "@composeDirective", "@listSize"])
  @link(url: "https://customer-graph.dev/data-protection/v1.0", import: ["@personal", "@access", "@consent"])
  @composeDirective(name: "@personal") @composeDirective(name: "@access") @composeDirective(name: "@consent")
directive @personal(category: String!, mask: String) on FIELD_DEFINITION
directive @access(scopes: [[String!]!]!, purposes: [String!]) on FIELD_DEFINITION
directive @consent(topic: String!, purposes: [String!]!) on FIELD_DEFINITION
`;

/** A small crm: a customer with a name, a paged list and a household of other customers. */
function crm(
  extraCustomerFields = '',
  orderArguments = 'first: Int! = 10, offset: Int! = 0',
  orderSlicing = '@listSize(slicingArguments: ["first"])',
) {
  return `${LINK}
type Query {
  customer(id: ID!): Customer @personal(category: "IDENTITY") @access(scopes: [["customer:read"]])
}
type Customer @key(fields: "id") {
  id: ID!
  name: String @personal(category: "IDENTITY") @access(scopes: [["customer:read"]])
  email: String @personal(category: "CONTACT", mask: "EMAIL") @access(scopes: [["contact:read"]])
  orders(${orderArguments}): [Order!] @personal(category: "BEHAVIOURAL") @access(scopes: [["commerce:read"]]) ${orderSlicing}
  months(last: Int! = 12, offset: Int! = 0): [Month!] @personal(category: "PROFILING") @access(scopes: [["profiling:read"]])
    @listSize(slicingArguments: ["last"])
  household: Household @personal(category: "IDENTITY") @access(scopes: [["identity:read"]])
  ${extraCustomerFields}
}
type Order { id: ID! total: Int! }
type Month { month: String! orders: Int! }
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
    @listSize(slicingArguments: ["first"])
}
type AccessLogPage { nodes: [Entry!]! pageInfo: PageInfo! }
type PageInfo { hasNextPage: Boolean! endCursor: String }
type Entry {
  kind: String! at: String! clientId: String! clientKind: String! purpose: String! clientRequestId: String customers: [CustomerAccess!]!
}
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

/** Months back from now: activity in the newest three, then a whole window (20) with none, then two more. */
const MONTHS = [
  ...[0, 1, 2].map((back) => ({ back, month: `m-${back}`, orders: 1 })),
  ...[23, 30].map((back) => ({ back, month: `m-${back}`, orders: 2 })),
];

const entry = (fields: Partial<TrailEntry>): TrailEntry => ({
  kind: 'read',
  at: '2026-01-01T10:00:00.000Z',
  clientId: 'crm-web',
  clientKind: 'first-party',
  purpose: 'customer_service',
  clientRequestId: null,
  returned: ['Customer.name'],
  ...fields,
});

interface TrailEntry {
  kind: string;
  at: string;
  clientId: string;
  clientKind: string;
  purpose: string;
  clientRequestId: string | null;
  returned: string[];
}

const TRAIL: TrailEntry[] = [
  entry({ at: '2026-01-02T10:00:00.000Z', returned: ['Customer.email'] }),
  entry({}),
  // Refused: nothing disclosed, whatever it names.
  entry({ kind: 'refused', at: '2026-01-03T10:00:00.000Z', clientId: 'refused-client', purpose: 'sales', returned: ['Customer.name'] }),
  // Read something, but nothing of this customer.
  entry({ at: '2026-01-03T11:00:00.000Z', clientId: 'other-customer-reader', returned: [] }),
  entry({ at: '2026-01-04T10:00:00.000Z', clientId: 'acme-delivery', clientKind: 'partner', purpose: 'order_delivery' }),
  entry({ kind: 'write', at: '2026-01-05T10:00:00.000Z', clientId: 'crm-web', returned: [] }),
  // This export's own reads.
  entry({ at: '2026-01-06T10:00:00.000Z', clientId: 'dpo-app', purpose: 'data_protection', clientRequestId: 'export-1' }),
];

interface Graph {
  run: RunOperation;
  sent: Array<{ operationName: string; variables: Record<string, unknown> }>;
}

/** The graph the export reads, answered by graphql-js over the composed API schema; every operation it was sent is kept. */
function graphOf(crmSdl: string, overrides: Record<string, unknown> = {}, answer?: (result: GraphQLAnswer) => GraphQLAnswer): Graph {
  const schema = apiSchemaOf(supergraphOf(crmSdl));
  const sent: Graph['sent'] = [];
  const subject = {
    id: '42',
    name: 'Ann <b>Example</b>',
    email: null,
    shoeSize: 38,
    orders: ({ first, offset }: { first: number; offset: number }) => ORDERS.slice(offset, offset + first),
    months: ({ last, offset }: { last: number; offset: number }) =>
      MONTHS.filter((month) => month.back >= offset && month.back < offset + last),
    household: { id: '7', name: 'Example family', members: [{ id: '42' }, { id: '43' }] },
    ...overrides,
  };
  const rootValue = {
    customer: ({ id }: { id: string }) => (id === '42' ? subject : null),
    accessLog: ({ first, after }: { first: number; after: string | null }) => {
      const start = after ? Number(after) : 0;
      const nodes = TRAIL.slice(start, start + first).map(({ returned, ...fields }) => ({
        ...fields,
        customers: returned.length === 0 && fields.kind === 'read' ? [] : [{ customerId: '42', returned }],
      }));
      return { nodes, pageInfo: { hasNextPage: start + first < TRAIL.length, endCursor: String(start + first) } };
    },
  };
  const run: RunOperation = async (query, variables, operationName) => {
    sent.push({ operationName, variables });
    const result = (await execute({ schema, document: parse(query), rootValue, variableValues: variables })) as GraphQLAnswer;
    return answer ? answer(result) : result;
  };
  return { run, sent };
}

const offsetsOf = (graph: Graph, operationName: string) =>
  graph.sent.filter((op) => op.operationName === operationName).map((op) => op.variables.offset);

describe('the subject-access export', () => {
  it('reads every field of the customer and every classified coordinate below it, from the schema alone', () => {
    expect(exporterOf(crm()).coordinates).toEqual([
      'Customer.name',
      'Customer.email',
      'Customer.orders',
      'Customer.months',
      'Customer.household',
      'Household.name',
    ]);
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

  it('pages a list until an empty page, then reads its first page again: every item, in order, none twice', async () => {
    const graph = graphOf(crm());
    const document = await exporterOf(crm()).export('42', DPO, graph.run);
    expect((document.customer.orders as Array<{ id: string }>).map((order) => order.id)).toEqual(ORDERS.map((order) => order.id));
    expect(offsetsOf(graph, 'SubjectAccessOrders')).toEqual([0, 20, 40, 60, 0]);
    expect(PAGE_SIZE).toBe(20);
  });

  it('reads windows of time past a window with nothing in it, until two empty windows in a row', async () => {
    const graph = graphOf(crm());
    const document = await exporterOf(crm()).export('42', DPO, graph.run);
    expect((document.customer.months as Array<{ month: string }>).map((month) => month.month)).toEqual([
      'm-0',
      'm-1',
      'm-2',
      'm-23',
      'm-30',
    ]);
    expect(offsetsOf(graph, 'SubjectAccessMonths')).toEqual([0, 20, 40, 60, 0]);
  });

  it('keeps an item once when the list grows while it is read, and refuses when its head changed', async () => {
    let calls = 0;
    // A new order arrives after the first page: every later page is shifted by one.
    const growing = ({ first, offset }: { first: number; offset: number }) => {
      const orders = calls++ === 0 ? ORDERS : [{ id: '9999', total: 0 }, ...ORDERS];
      return orders.slice(offset, offset + first);
    };
    await expect(exporterOf(crm()).export('42', DPO, graphOf(crm(), { orders: growing }).run)).rejects.toMatchObject({
      message: expect.stringContaining('customer.orders changed while it was read; ask again'),
      extensions: { code: 'SUBJECT_ACCESS_INCOMPLETE' },
    });
    const repeating = ({ first, offset }: { first: number; offset: number }) =>
      [...ORDERS.slice(0, 20), ...ORDERS.slice(19)].slice(offset, offset + first);
    const document = await exporterOf(crm()).export('42', DPO, graphOf(crm(), { orders: repeating }).run);
    expect((document.customer.orders as unknown[]).length).toBe(ORDERS.length);
  });

  it('labels every value with its field, leaves out other customers altogether, and leaves empty fields empty', async () => {
    const graph = graphOf(crm());
    const document = await exporterOf(crm()).export('42', DPO, graph.run);
    const values = Object.fromEntries(document.personalData.map((field) => [field.coordinate, field.values]));
    expect(values['Customer.name']).toEqual([{ path: 'name', value: 'Ann <b>Example</b>' }]);
    expect(values['Customer.email']).toEqual([]);
    expect(values['Household.name']).toEqual([{ path: 'household.name', value: 'Example family' }]);
    expect(values['Customer.household']).toEqual([{ path: 'household', value: { id: '7', name: 'Example family' } }]);
    expect(document.customer.household).toEqual({ id: '7', name: 'Example family' });
    expect(values['Customer.orders']).toHaveLength(1);
    expect(document.personalData.find((field) => field.coordinate === 'Customer.email')).toMatchObject({
      category: 'CONTACT',
      fidesDataCategory: 'user.contact.email',
      purposes: ['customer_service', 'sales', 'marketing', 'data_protection', 'order_delivery'],
    });
  });

  it('lists the recipients from the audit trail by client and purpose; refusals, reads of others and its own reads left out', async () => {
    const document = await exporterOf(crm()).export('42', DPO, graphOf(crm()).run, 'export-1');
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
        writes: 1,
        firstAt: '2026-01-01T10:00:00.000Z',
        lastAt: '2026-01-05T10:00:00.000Z',
      },
    ]);
  });

  it('refuses a schema it cannot read in full', () => {
    expect(() => exporterOf(crm('', 'first: Int! = 10'))).toThrow(
      'Customer.orders is sliced by first but takes no offset: it cannot be read in full',
    );
    expect(() => exporterOf(crm('', 'first: Int! = 10, offset: Int! = 0', ''))).toThrow(
      'Customer.orders is a list with arguments but no @listSize slicing argument: it cannot be known to be read in full',
    );
    expect(() => exporterOf(crm('nearest(to: String!): String'))).toThrow(
      'Customer.nearest needs the argument to, which the export cannot choose',
    );
  });

  it('reads the real supergraph in full', () => {
    const sdl = readFileSync(DEFAULT_SUPERGRAPH_PATH, 'utf8');
    expect(() => new SubjectAccessExporter(apiSchemaOf(sdl), parse(sdl), loadPolicy())).not.toThrow();
  });

  it.each<[string, (answer: GraphQLAnswer) => GraphQLAnswer, string]>([
    [
      'an error anywhere',
      (answer) => ({
        ...answer,
        errors: [
          {
            message: 'The records archive is not available right now',
            path: ['customer', 'orders'],
            extensions: { code: 'UPSTREAM_UNAVAILABLE' },
          },
        ],
      }),
      'customer.orders: UPSTREAM_UNAVAILABLE',
    ],
    [
      'a value shown masked',
      (answer) => ({ ...answer, extensions: { maskedPaths: ['customer.email'] } }),
      'customer.email came back masked',
    ],
    ['an answer that is no GraphQL result', () => ({}), 'the answer has no customer'],
    ['data without the root field', () => ({ data: {} }), 'the answer has no customer'],
  ])('is refused as a whole on %s', async (_label, answer, message) => {
    await expect(exporterOf(crm()).export('42', DPO, graphOf(crm(), {}, answer).run)).rejects.toMatchObject({
      message: expect.stringContaining(message),
      extensions: { code: 'SUBJECT_ACCESS_INCOMPLETE' },
    });
  });

  it('is refused when a list comes back null without an error', async () => {
    await expect(exporterOf(crm()).export('42', DPO, graphOf(crm(), { orders: null }).run)).rejects.toMatchObject({
      message: expect.stringContaining('customer.orders came back without a list'),
      extensions: { code: 'SUBJECT_ACCESS_INCOMPLETE' },
    });
  });

  it('names a customer that does not exist, or a number that is none', async () => {
    await expect(exporterOf(crm()).export('41', DPO, graphOf(crm()).run)).rejects.toMatchObject({
      message: 'There is no customer 41',
      extensions: { code: 'BAD_USER_INPUT' },
    });
    await expect(exporterOf(crm()).export('4x', DPO, graphOf(crm()).run)).rejects.toMatchObject({ extensions: { code: 'BAD_USER_INPUT' } });
  });

  it('renders the page with every value escaped and nothing that runs or loads', async () => {
    const document = await exporterOf(crm()).export('42', DPO, graphOf(crm()).run);
    document.recipients[0].clientId = '<img src=x>';
    const html = subjectAccessHtml(document);
    expect(html).toContain('Ann &lt;b&gt;Example&lt;/b&gt;');
    expect(html).toContain('&lt;img src=x&gt;');
    expect(html).not.toContain('<b>Example');
    expect(html).not.toMatch(/<script|<link|<img|src=x>/i);
    expect(html).toContain("default-src 'none'");
  });
});
