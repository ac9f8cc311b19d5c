import { readFileSync } from 'node:fs';
import { type FieldDefinitionNode, getNamedType, type GraphQLObjectType, isObjectType, Kind, parse, valueFromASTUntyped } from 'graphql';
import { DEFAULT_SUPERGRAPH_PATH } from '../platform/supergraph-file';
import { fromProjectRoot } from '../platform/project-root';
import { type FieldRule, fieldRulesFromSdl } from '../policy/field-rules';
import { PROSPECTS } from '../policy/field-classes';
import { loadPolicy } from '../policy/policy';
import type { Principal } from '../contracts/principal';
import { apiSchemaOf } from '../platform/supergraph-file';
import type { Stack } from '../scripts/start-stack';
import { createTestSystems, type TestSystems, testBackends } from './support/backends';
import { postToSubgraph, protectionOf, startTestStack } from './support/test-stack';

/**
 * The subgraphs' own re-check, without the gateway in front: each subgraph is called
 * directly with internal tokens whose caller lacks, for one classified field at a time,
 * a scope, the purpose or the customer's consent, or reads a restricted customer without
 * restricted:read. Each must answer null there with the code written below.
 */
const SUBGRAPHS = ['crm', 'archive', 'analytics', 'privacy'] as const;
type Subgraph = (typeof SUBGRAPHS)[number];

type Kase =
  | 'lacking a scope'
  | 'serving another purpose'
  | "lacking the customer's consent"
  | 'reading a restricted customer without restricted:read';

/** The code each kind of case must get: written out, not computed. */
const EXPECTED_CODE: Record<Kase, string> = {
  'lacking a scope': 'FORBIDDEN',
  'serving another purpose': 'FORBIDDEN',
  "lacking the customer's consent": 'CONSENT_REQUIRED',
  'reading a restricted customer without restricted:read': 'PROCESSING_RESTRICTED',
};
/**
 * Exceptions, each a decision: the privacy subgraph does not know a customer's restriction,
 * so a caller without restricted:read gets FORBIDDEN there ("status unknown"), failing closed.
 */
const EXPECTED_CODE_AT: Record<string, Partial<Record<Kase, string>>> = {
  'Customer.accessLog': { 'reading a restricted customer without restricted:read': 'FORBIDDEN' },
  // The export itself needs restricted:read (it reads restricted customers too).
  'Query.subjectAccess': { 'reading a restricted customer without restricted:read': 'FORBIDDEN' },
};

const policy = loadPolicy();
const ALL_SCOPES = Object.keys(policy.scopes);
const supergraphRules = fieldRulesFromSdl(parse(readFileSync(DEFAULT_SUPERGRAPH_PATH, 'utf8')));
const apiSchema = apiSchemaOf(readFileSync(DEFAULT_SUPERGRAPH_PATH, 'utf8'));

/** Each subgraph's classified fields, from its own schema, with what its @requires asks for. */
const subgraphSdl = Object.fromEntries(
  SUBGRAPHS.map((name) => [name, parse(readFileSync(fromProjectRoot('schema', `${name}.graphql`), 'utf8'))]),
);
const owned = SUBGRAPHS.flatMap((subgraph) =>
  [...fieldRulesFromSdl(subgraphSdl[subgraph])]
    // Reads only: the crm's re-check of its mutations is in test/data-subject-rights.e2e.test.ts.
    .filter(([coordinate]) => !coordinate.startsWith('Mutation.'))
    .map(([coordinate, rule]) => ({ subgraph, coordinate, rule })),
);

function requiresOf(subgraph: Subgraph, coordinate: string): string {
  const [typeName, fieldName] = coordinate.split('.');
  for (const definition of subgraphSdl[subgraph].definitions) {
    if (
      (definition.kind !== Kind.OBJECT_TYPE_DEFINITION && definition.kind !== Kind.OBJECT_TYPE_EXTENSION) ||
      definition.name.value !== typeName
    )
      continue;
    const field = (definition.fields ?? []).find((f: FieldDefinitionNode) => f.name.value === fieldName);
    const requires = field?.directives?.find((d) => d.name.value === 'requires');
    if (requires) return String(valueFromASTUntyped(requires.arguments![0].value));
  }
  return '';
}

function selectionOf(typeName: string, field: string): string {
  const type = getNamedType((apiSchema.getType(typeName) as GraphQLObjectType).getFields()[field].type);
  return isObjectType(type) ? `${field} { __typename }` : field;
}

interface Subject {
  id: string;
  accounts: Array<{ accountNumber: string }>;
  dataProtection: { restricted: boolean; consentedTopics: string[] };
}

/** The operation that reads one coordinate from its subgraph, and the response path of the field. */
function readingOf(
  subgraph: Subgraph,
  coordinate: string,
  subject: Subject,
): { query: string; variables: Record<string, unknown>; path: string[] } {
  const [typeName, field] = coordinate.split('.');
  if (typeName === 'Query') {
    const queries: Record<string, string> = {
      customer: 'query($id: ID!) { customer(id: $id) { id } }',
      customers: 'query { customers(first: 1) { nodes { id } } }',
      accessLog: 'query($id: String) { accessLog(first: 1, customerId: $id) { nodes { id } } }',
      subjectAccess: 'query($id: ID!) { subjectAccess(customerId: $id) { customerId } }',
      findCustomers: 'query { findCustomers(by: { email: "nobody@example.com" }) { id } }',
      dataInventory: 'query { dataInventory(days: 1) { days } }',
      customersWhere: 'query { customersWhere(where: {}, first: 1) { nodes { id } } }',
      prospects: `query { prospects(${PROSPECT_ARGS}) { nodes { id } } }`,
    };
    if (!queries[field]) throw new Error(`teach this test how to read ${coordinate}`);
    return { query: queries[field], variables: { id: subject.id }, path: [field] };
  }
  // A prospect's fields are read through the list of prospects, its only way in.
  if (typeName === 'Prospect') {
    return { query: `query { prospects(${PROSPECT_ARGS}) { nodes { ${field} } } }`, variables: {}, path: ['prospects', 'nodes', field] };
  }
  // Customer fields are read as the gateway reads them: by entity reference, with what @requires asks for.
  let selection: string;
  let path: string[];
  let requires = requiresOf(subgraph, coordinate);
  if (typeName === 'Customer') {
    selection = selectionOf('Customer', field);
    path = ['_entities', field];
  } else {
    const parent = Object.values((apiSchema.getType('Customer') as GraphQLObjectType).getFields()).find(
      (f) => getNamedType(f.type).name === typeName,
    );
    if (!parent) throw new Error(`no Customer field leads to ${coordinate}`);
    selection = `${parent.name}${parent.args.some((a) => a.name === 'first') ? '(first: 20)' : ''} { ${selectionOf(typeName, field)} }`;
    path = ['_entities', parent.name, field];
    requires = requiresOf(subgraph, `Customer.${parent.name}`);
  }
  const representation = {
    __typename: 'Customer',
    id: subject.id,
    ...(/\baccounts\b/.test(requires) ? { accounts: subject.accounts } : {}),
    ...(/\bdataProtection\b/.test(requires) ? { dataProtection: subject.dataProtection } : {}),
  };
  return {
    query: `query($r: [_Any!]!) { _entities(representations: $r) { ... on Customer { ${selection} } } }`,
    variables: { r: [representation] },
    path,
  };
}

/** Every prospect who asked about a product since long ago: the first has agreed to be contacted (see the seed's prospects). */
const PROSPECT_ARGS = 'product: "Solar tariff", since: "2000-01-01T00:00:00Z", first: 5';

/**
 * A purpose the rule serves without needing consent (a caller that should see the field); for a prospect's field
 * one that `Query.prospects`, its only way in, serves too.
 */
function allowedPurpose(rule: FieldRule, coordinate = ''): string {
  const purposes = (rule.purposes ?? Object.keys(policy.purposes)).filter(
    (p) => !coordinate.startsWith('Prospect.') || PROSPECTS.purposes!.includes(p),
  );
  return purposes.find((p) => !rule.consent?.purposes.includes(p))!;
}

const principal = (scopes: string[], purpose: string): Principal => ({
  subject: 'recheck@example.com',
  scopes,
  purpose,
  clientId: 'recheck-test',
  clientKind: 'first-party',
});

const backend = testBackends()[0];

describe(`the subgraphs' own re-check, called directly (${backend})`, () => {
  let systems: TestSystems;
  let stack: Stack;
  const subjects: Record<'consenting' | 'refusing' | 'restricted', Subject> = {} as never;

  const call = (subgraph: Subgraph, caller: Principal, query: string, variables: Record<string, unknown>) =>
    postToSubgraph(stack[subgraph].url, subgraph, caller, query, variables);

  beforeAll(async () => {
    systems = await createTestSystems(backend, 300);
    stack = await startTestStack(systems);
    const everything = principal(ALL_SCOPES, 'data_protection');
    const page =
      'query($after: String) { customers(first: 100, after: $after) { nodes { id accounts { accountNumber } ' +
      'restriction { restricted } consents { topic granted } dataProtection { restricted consentedTopics } household { id } phone } ' +
      'pageInfo { endCursor hasNextPage } } }';
    const nodes: any[] = [];
    for (let after: string | null = null, more = true; more; ) {
      const { body } = await call('crm', everything, page, { after });
      expect(body.errors).toBeUndefined();
      nodes.push(...body.data.customers.nodes);
      ({ endCursor: after, hasNextPage: more } = body.data.customers.pageInfo);
    }
    const all = ['email', 'phone', 'post', 'profiling'];
    const subject = (n: any): Subject => ({
      id: n.id,
      accounts: n.accounts.map((a: any) => ({ accountNumber: a.accountNumber })),
      dataProtection: n.dataProtection,
    });
    // With a household and a phone too, so that every field of the crm holds a value for the subjects who may be read.
    const consenting = nodes.find(
      (n) =>
        n.household !== null &&
        n.phone !== null &&
        !protectionOf(n).restricted &&
        all.every((t) => protectionOf(n).consentedTopics.includes(t)),
    );
    const refusing = nodes.find(
      (n) =>
        n.household !== null &&
        n.phone !== null &&
        !protectionOf(n).restricted &&
        all.every((t) => !protectionOf(n).consentedTopics.includes(t)),
    );
    const restricted = nodes.find((n) => protectionOf(n).restricted);
    expect([consenting, refusing, restricted].every(Boolean)).toBe(true);
    Object.assign(subjects, { consenting: subject(consenting), refusing: subject(refusing), restricted: subject(restricted) });
  });

  afterAll(async () => {
    await stack?.stop();
    await systems?.drop();
  });

  it('covers every classified coordinate of the supergraph, each in the subgraph that resolves it', () => {
    const reads = [...supergraphRules.keys()].filter((coordinate) => !coordinate.startsWith('Mutation.'));
    expect([...new Set(owned.map((o) => o.coordinate))].sort()).toEqual(reads.sort());
  });

  const withheld = owned.flatMap(({ subgraph, coordinate, rule }) => {
    const cases: Array<[Subgraph, string, Kase, Principal, 'consenting' | 'refusing' | 'restricted']> = [];
    const purpose = allowedPurpose(rule);
    const needed = new Set(rule.scopes.flat());
    cases.push([
      subgraph,
      coordinate,
      'lacking a scope',
      principal(
        ALL_SCOPES.filter((s) => !needed.has(s)),
        purpose,
      ),
      'consenting',
    ]);
    if (rule.purposes) {
      const other = Object.keys(policy.purposes).find((p) => !rule.purposes!.includes(p))!;
      cases.push([subgraph, coordinate, 'serving another purpose', principal(ALL_SCOPES, other), 'consenting']);
    }
    // A caller whose purpose needs a prospect's consent is never given a prospect who did not consent
    // (Query.prospects leaves them out: test/prospects.e2e.test.ts), so there is no such field to withhold.
    if (rule.consent && !coordinate.startsWith('Prospect.'))
      cases.push([subgraph, coordinate, "lacking the customer's consent", principal(ALL_SCOPES, rule.consent.purposes[0]), 'refusing']);
    if (coordinate.startsWith('Customer.')) {
      cases.push([
        subgraph,
        coordinate,
        'reading a restricted customer without restricted:read',
        principal(
          ALL_SCOPES.filter((s) => s !== 'restricted:read'),
          purpose,
        ),
        'restricted',
      ]);
    }
    return cases;
  });

  it.each(withheld)('%s withholds %s from a caller %s', async (subgraph, coordinate, kase, caller, subjectName) => {
    const reading = readingOf(subgraph, coordinate, subjects[subjectName]);
    const { status, body } = await call(subgraph, caller, reading.query, reading.variables);
    const code = EXPECTED_CODE_AT[coordinate]?.[kase] ?? EXPECTED_CODE[kase];
    expect(status).toBe(200);
    // Null at the field itself or, for a field inside another classified one with the same rule, at that one.
    const errors = (body.errors ?? []).map((e) => ({
      path: (e.path ?? []).filter((s) => typeof s === 'string').join('.'),
      code: e.extensions?.code,
    }));
    const at = errors.filter((e) => e.path.length > 0 && reading.path.join('.').startsWith(e.path) && e.path !== '_entities');
    expect(at.length).toBeGreaterThan(0);
    for (const error of at) expect(error.code).toBe(code);
    const value = valueAt(body.data, at[0].path.split('.'));
    expect(value).toBeNull();
  });

  const allowed = owned.flatMap(({ subgraph, coordinate, rule }) => {
    const cases: Array<[Subgraph, string, string, Principal, 'consenting' | 'refusing' | 'restricted']> = [
      [
        subgraph,
        coordinate,
        `holding every scope, for ${allowedPurpose(rule, coordinate)}`,
        principal(ALL_SCOPES, allowedPurpose(rule, coordinate)),
        'refusing',
      ],
    ];
    if (rule.consent)
      cases.push([
        subgraph,
        coordinate,
        `with the customer's consent, for ${rule.consent.purposes[0]}`,
        principal(ALL_SCOPES, rule.consent.purposes[0]),
        'consenting',
      ]);
    if (coordinate.startsWith('Customer.'))
      cases.push([
        subgraph,
        coordinate,
        'with restricted:read, of a restricted customer',
        principal(ALL_SCOPES, allowedPurpose(rule)),
        'restricted',
      ]);
    return cases;
  });

  it.each(allowed)('%s answers %s to a caller %s', async (subgraph, coordinate, _how, caller, subjectName) => {
    const reading = readingOf(subgraph, coordinate, subjects[subjectName]);
    const { status, body } = await call(subgraph, caller, reading.query, reading.variables);
    expect(status).toBe(200);
    expect(body.errors).toBeUndefined();
    expect(valueAt(body.data, reading.path.slice(0, 2))).toEqual(expect.anything());
  });
});

/** The value at a path of field names, through the first element of each list. */
function valueAt(data: unknown, segments: string[]): unknown {
  let value = data;
  for (const segment of segments) {
    while (Array.isArray(value)) value = value[0];
    if (value === null || value === undefined) return value;
    value = (value as Record<string, unknown>)[segment];
  }
  return value;
}
