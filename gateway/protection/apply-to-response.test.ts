import { type FieldNode, parse, visit } from 'graphql';
import { ForbiddenFieldError } from '../../contracts/errors';
import { CLERK, POLICY, RULES, SCHEMA } from '../../test/support/protection-fixture';
import { applyToResponse, type CoordinateAccess, RequestedPaths } from './apply-to-response';
import { ClientSelections } from './client-selections';
import { analyseOperation, type OperationAnalysis } from './operation-analysis';

const analyse = (source: string, operationName: string | null = null) =>
  analyseOperation(SCHEMA, parse(source), operationName, RULES, CLERK, POLICY);
/** One customer's coordinates as sorted lists. */
const customerAccessOf = (customerId: string, access: CoordinateAccess) => ({
  customerId,
  returned: [...access.returned].sort(),
  masked: [...access.masked].sort(),
  denied: [...access.denied].sort(),
});
/** The per-customer coordinates as plain lists. */
const accessOf = (outcome: ReturnType<typeof applyToResponse>) => ({
  customers: Object.fromEntries([...outcome.customers].map(([id, access]) => [id, customerAccessOf(id, access)])),
  operation: customerAccessOf('', outcome.operation),
});
const errorsOf = (outcome: ReturnType<typeof applyToResponse>) =>
  outcome.errors.map((error) => ({ message: error.message, path: error.path, code: error.extensions.code }));

describe('applyToResponse', () => {
  it('answers with the keys the client selected, in its order, masked and withheld, and notes per customer what it got', () => {
    const analysis = analyse('{ customers { email name segment orders { total note } } }');
    const outcome = applyToResponse(
      {
        customers: [
          {
            name: 'Ann',
            email: 'ann@example.com',
            orders: [{ total: 10, note: 'n', gatewayOnly: 1 }],
            _auditCustomerId: '1000001',
            fetchedForRequires: 'x',
          },
          { name: null, email: null, orders: [], _auditCustomerId: 1000002 },
        ],
      },
      analysis,
      {},
    );
    expect(outcome.data).toEqual({
      customers: [
        { email: 'a***@example.com', name: 'Ann', segment: null, orders: [{ total: 10, note: 'n' }] },
        { email: null, name: null, segment: null, orders: [] },
      ],
    });
    expect(Object.keys((outcome.data!.customers as object[])[0])).toEqual(['email', 'name', 'segment', 'orders']);
    expect(errorsOf(outcome)).toEqual([
      { message: 'You may not read Customer.segment', path: ['customers', 0, 'segment'], code: 'FORBIDDEN' },
      { message: 'You may not read Customer.segment', path: ['customers', 1, 'segment'], code: 'FORBIDDEN' },
    ]);
    expect(outcome.errors[0]).toBeInstanceOf(ForbiddenFieldError);
    expect(outcome.maskedPaths).toEqual(['customers.0.email']);
    expect(accessOf(outcome)).toEqual({
      customers: {
        1000001: {
          customerId: '1000001',
          returned: ['Customer.email', 'Customer.name', 'Order.total'],
          masked: ['Customer.email'],
          denied: ['Customer.segment'],
        },
        1000002: { customerId: '1000002', returned: [], masked: [], denied: ['Customer.segment'] },
      },
      operation: { customerId: '', returned: [], masked: [], denied: [] },
    });
    expect([...outcome.customers.keys()]).toEqual(['1000001', '1000002']);
  });

  it('notes classified coordinates outside any customer for the operation', () => {
    const outcome = applyToResponse({ accessLog: [{ at: 'now' }], version: '1' }, analyse('{ accessLog { at } version }'), {});
    expect(outcome.data).toEqual({ accessLog: null, version: '1' });
    expect(errorsOf(outcome)).toEqual([{ message: 'You may not read Query.accessLog', path: ['accessLog'], code: 'FORBIDDEN' }]);
    expect(accessOf(outcome)).toEqual({
      customers: {},
      operation: { customerId: '', returned: [], masked: [], denied: ['Query.accessLog'] },
    });
  });

  it('uses the aliases the client chose, for keys and paths', () => {
    const analysis = analyse('{ c: customer(id: 1) { mail: email seg: segment } }');
    // Fetched under the gateway's own aliases (the planner mixes client aliases with its own fields), answered under the client's.
    expect([...analysis.clientKeys]).toEqual([
      ['_clientAlias0', 'c'],
      ['_clientAlias1', 'mail'],
    ]);
    const outcome = applyToResponse({ _clientAlias0: { _clientAlias1: 'bob@example.com', _auditCustomerId: '7' } }, analysis, {});
    expect(outcome.data).toEqual({ c: { mail: 'b***@example.com', seg: null } });
    expect(outcome.maskedPaths).toEqual(['c.mail']);
    expect(errorsOf(outcome)).toEqual([{ message: 'You may not read Customer.segment', path: ['c', 'seg'], code: 'FORBIDDEN' }]);
  });

  it('counts a null a subgraph withheld as denied for that customer, and other nulls as nothing', () => {
    const analysis = analyse('{ customers { name email } }');
    const data = {
      customers: [
        { name: null, email: null, _auditCustomerId: '1' },
        { name: null, email: null, _auditCustomerId: '2' },
      ],
    };
    const outcome = applyToResponse(data, analysis, {}, new Set(['customers.1.email']));
    expect(outcome.data).toEqual({
      customers: [
        { name: null, email: null },
        { name: null, email: null },
      ],
    });
    expect(accessOf(outcome).customers).toEqual({
      1: { customerId: '1', returned: [], masked: [], denied: [] },
      2: { customerId: '2', returned: [], masked: [], denied: ['Customer.email'] },
    });
    expect(outcome.errors).toEqual([]);
    expect(outcome.maskedPaths).toEqual([]);
  });

  it('leaves out keys the executed answer does not have', () => {
    const outcome = applyToResponse({ customer: { _auditCustomerId: '1' } }, analyse('{ customer(id: 1) { name email } version }'), {});
    expect(outcome.data).toEqual({ customer: {} });
    expect(accessOf(outcome).customers).toEqual({ 1: { customerId: '1', returned: [], masked: [], denied: [] } });
  });

  it('follows type conditions by the hidden __typename, and hides it', () => {
    const analysis = analyse('{ search { ... on Customer { name } ... on Order { total } } }');
    const outcome = applyToResponse(
      {
        search: [
          { name: 'Ann', _auditCustomerId: '1', _protectionTypename: 'Customer' },
          { total: 5, name: 'not asked for', _protectionTypename: 'Order' },
        ],
      },
      analysis,
      {},
    );
    expect(outcome.data).toEqual({ search: [{ name: 'Ann' }, { total: 5 }] });
    expect(accessOf(outcome)).toEqual({
      customers: { 1: { customerId: '1', returned: ['Customer.name'], masked: [], denied: [] } },
      operation: { customerId: '', returned: ['Order.total'], masked: [], denied: [] },
    });
  });

  it("does not take the type from a __typename the client asked for (the client may alias it): only from the gateway's own", () => {
    const outcome = applyToResponse(
      { search: [{ __typename: 'Order', total: 5, name: 'x' }] },
      analyse('{ search { __typename ... on Customer { name } ... on Order { total } } }'),
      {},
    );
    expect(outcome.data).toEqual({ search: [{ __typename: 'Order', name: 'x', total: 5 }] });
  });

  it('takes every fragment when the type is unknown', () => {
    const outcome = applyToResponse(
      { search: [{ _protectionTypename: 42, total: 5, name: 'Ann' }] },
      analyse('{ search { ... on Customer { name } ... on Order { total } } }'),
      {},
    );
    expect(outcome.data).toEqual({ search: [{ name: 'Ann', total: 5 }] });
  });

  it('applies @skip and @include on the coerced variables', () => {
    const analysis = analyse('query Q($mail: Boolean!) { customers { name email @include(if: $mail) } }', 'Q');
    const data = { customers: [{ name: 'Ann', email: 'ann@example.com', _auditCustomerId: '1' }] };
    expect(applyToResponse(data, analysis, { mail: false }).data).toEqual({ customers: [{ name: 'Ann' }] });
    expect(applyToResponse(data, analysis, { mail: true }).data).toEqual({ customers: [{ name: 'Ann', email: 'a***@example.com' }] });
  });

  it('keeps an answer without data as it is', () => {
    const analysis = analyse('{ version }');
    for (const data of [null, undefined]) {
      const outcome = applyToResponse(data, analysis, {});
      expect(outcome).toEqual({
        data,
        errors: [],
        maskedPaths: [],
        customers: new Map(),
        operation: { returned: new Set(), masked: new Set(), denied: new Set() },
        requested: expect.any(RequestedPaths),
      });
    }
  });

  it('walks nested lists, with their indices in the paths', () => {
    const outcome = applyToResponse(
      { customers: [[{ email: 'a@b.c', _auditCustomerId: '9' }]] } as never,
      analyse('{ customers { email } }'),
      {},
    );
    expect(outcome.data).toEqual({ customers: [[{ email: '***@b.c' }]] });
    expect(outcome.maskedPaths).toEqual(['customers.0.0.email']);
  });

  it('leaves a scalar where an object was selected as it is', () => {
    expect(applyToResponse({ customer: 'odd' }, analyse('{ customer(id: 1) { name } }'), {}).data).toEqual({ customer: 'odd' });
  });
});

describe('applyToResponse, odd answers', () => {
  it('merges what one customer got in several places of the answer', () => {
    const outcome = applyToResponse(
      {
        customers: [
          { name: 'Ann', _auditCustomerId: '1' },
          { email: 'ann@example.com', _auditCustomerId: '1' },
        ],
      },
      analyse('{ customers { name email } }'),
      {},
    );
    expect(accessOf(outcome).customers).toEqual({
      1: { customerId: '1', returned: ['Customer.email', 'Customer.name'], masked: ['Customer.email'], denied: [] },
    });
  });

  it('counts an object without an audit id (null) toward the operation, not a customer "null"', () => {
    const outcome = applyToResponse({ customer: { name: 'Ann', _auditCustomerId: null } }, analyse('{ customer(id: 1) { name } }'), {});
    expect(accessOf(outcome)).toEqual({
      customers: {},
      operation: { customerId: '', returned: ['Customer.name'], masked: [], denied: [] },
    });
  });

  it('passes on fields the schema does not know, null or not, even at a path a subgraph refused', () => {
    const outcome = applyToResponse({ nope: { inner: 'x', gone: null } }, analyse('{ nope { inner gone } }'), {}, new Set(['nope.gone']));
    expect(outcome.data).toEqual({ nope: { inner: 'x', gone: null } });
    expect(accessOf(outcome).operation).toEqual({ customerId: '', returned: [], masked: [], denied: [] });
  });

  it('keeps an object-valued leaf as it is', () => {
    expect(applyToResponse({ version: { major: 1 } }, analyse('{ version }'), {}).data).toEqual({ version: { major: 1 } });
  });

  it('keeps null items of a list', () => {
    expect(
      applyToResponse({ customers: [null, { name: 'Ann', _auditCustomerId: '1' }] }, analyse('{ customers { name } }'), {}).data,
    ).toEqual({ customers: [null, { name: 'Ann' }] });
  });
});

describe('applyToResponse, the paths the client asked for', () => {
  const DOCUMENT = parse(`
    query Page($withEmail: Boolean!, $skipSegment: Boolean!, $withPhone: Boolean = false) {
      customers(first: 2) {
        nodes { id ...Contact ... on Customer { segment @skip(if: $skipSegment) } phone @include(if: $withPhone) name }
      }
    }
    fragment Contact on Customer { name mail: email @include(if: $withEmail) }
  `);
  const fieldNamed = (name: string): FieldNode => {
    let found: FieldNode | undefined;
    visit(DOCUMENT, { Field: (node) => void (node.name.value === name && (found = node)) });
    return found!;
  };
  const variables = { withEmail: true, skipSegment: true, withPhone: false };
  const name = new ClientSelections(DOCUMENT, variables).collect([fieldNamed('nodes').selectionSet!]).get('name')![0];
  const analysis = {
    source: DOCUMENT,
    fields: new Map([[name, { coordinate: 'Customer.name', forbidden: true }]]),
    auditAlias: '_audit',
    typeAlias: '_type',
  } as unknown as OperationAnalysis;
  const refused = new Set(['customers.nodes.0.mail']);

  it('are the response paths of the operation, without list indices, forbidden fields or skipped ones, where there is no data', () => {
    const { requested } = applyToResponse(null, analysis, variables, refused);
    for (const path of [['customers'], ['customers', 'nodes'], ['customers', 'nodes', 0, 'id'], ['customers', 'nodes', 3, 'mail']])
      expect([path, requested.has(path)]).toEqual([path, true]);
    for (const path of [[], [0], ['customers', 'nodes', 0, 'name'], ['customers', 'nodes', 0, 'segment'], ['customers', 'nodes', 'phone']])
      expect([path, requested.has(path)]).toEqual([path, false]);
    expect(requested.has(['customers', 'nodes', 0, 'email'])).toBe(false);
  });

  it('are traced along the data, and below every value it holds nothing under: null, missing, a scalar, an empty list', () => {
    const asked = (data: Record<string, unknown>) => applyToResponse(data, analysis, variables, refused).requested;
    expect(asked({ customers: { nodes: [{ id: '1', mail: null, fetchedForRequires: 'x' }] } }).has(['customers', 'nodes', 0, 'mail'])).toBe(
      true,
    );
    expect(
      asked({ customers: { nodes: [{ id: '1', fetchedForRequires: 'x' }] } }).has(['customers', 'nodes', 0, 'fetchedForRequires']),
    ).toBe(false);
    for (const below of [null, {}, 'odd', { nodes: [] }, { nodes: [null] }, { nodes: null }])
      expect([below, asked({ customers: below }).has(['customers', 'nodes', 1, 'mail'])]).toEqual([below, true]);
  });

  it('are traced only when a subgraph refused some path, and never without an operation', () => {
    expect(applyToResponse(null, analysis, variables).requested.has(['customers'])).toBe(false);
    const fragmentOnly = { source: parse('fragment F on Query { a }'), fields: new Map(), schema: SCHEMA } as unknown as OperationAnalysis;
    expect(applyToResponse(null, fragmentOnly, {}, new Set(['a'])).requested.has(['a'])).toBe(false);
  });
});
