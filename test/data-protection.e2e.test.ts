import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { getNamedType, type GraphQLObjectType, isObjectType } from 'graphql';
import { connectDatabase } from '../platform/database';
import { DEFAULT_SUPERGRAPH_PATH } from '../platform/supergraph-file';
import { goldenIndex, type GoldenRow, loadGoldenTable } from '../policy/access-golden';
import { DEFAULT_POLICY_PATH, loadPolicy } from '../policy/policy';
import { buildManifest, manifestPath } from '../gateway/persisted/manifest';
import { apiSchemaOf } from '../platform/supergraph-file';
import type { Stack } from '../scripts/start-stack';
import { createTestSystems, type TestSystems, testBackends } from './support/backends';
import { postGraphQL, postPersisted, startTestStack, type TestStack, tokenFor, protectionOf } from './support/test-stack';

const supergraphSdl = readFileSync(DEFAULT_SUPERGRAPH_PATH, 'utf8');
const apiSchema = apiSchemaOf(supergraphSdl);
const policy = loadPolicy();
// The expectations are the reviewed golden table's rows, not the policy code's decisions.
const table = loadGoldenTable();
const golden = goldenIndex(table);
// Reads only: sending a mutation writes, so its rows are held to the table by test/data-subject-rights.e2e.test.ts.
const coordinates = [...new Set(table.map((row) => row.coordinate))].filter((coordinate) => !coordinate.startsWith('Mutation.'));

/** The smallest valid selection of a field. */
function selectionOf(typeName: string, field: string): string {
  const type = getNamedType((apiSchema.getType(typeName) as GraphQLObjectType).getFields()[field].type);
  return isObjectType(type) ? `${field} { __typename }` : field;
}

/**
 * How a coordinate is read: the operation, and the coordinates along the way from the root
 * (`Query.customer` → `Customer.payments` → `Payment.iban`), each with its response path.
 */
interface Reading {
  query: string;
  /** Whether the operation takes the customer's `$id`. */
  takesId: boolean;
  chain: Array<{ coordinate: string; path: string[] }>;
}

/** An e-mail address of a seeded customer (set once the systems are seeded), so the search finds someone. */
let searchEmail = 'nobody@example.com';
/**
 * The prospects of one product since long ago, a page of one: the seed's first prospect for it agreed to be contacted
 * (and gave a phone number), so every role that may read the list gets the same prospect.
 */
const PROSPECT_ARGS = 'product: "Solar tariff", since: "2000-01-01T00:00:00Z", first: 1';
/** A prospect's consent, for every contact topic: the one read has given it (a purpose that needs it gets no other). */
const PROSPECT_CONSENTS = ['email', 'phone', 'post'];

function readingOf(coordinate: string): Reading {
  const [typeName, field] = coordinate.split('.');
  if (typeName === 'Query') {
    const roots: Record<string, string> = {
      customer: 'query Read($id: ID!) { customer(id: $id) { id } }',
      customers: 'query Read { customers(first: 1) { nodes { id } } }',
      accessLog: 'query Read($id: String) { accessLog(first: 1, customerId: $id) { nodes { id } } }',
      subjectAccess: 'query Read($id: ID!) { subjectAccess(customerId: $id) { customerId } }',
      findCustomers: `query Read { findCustomers(by: { email: ${JSON.stringify(searchEmail)} }) { id } }`,
      dataInventory: 'query Read { dataInventory(days: 1) { days } }',
      customersWhere: 'query Read { customersWhere(where: {}, first: 1) { nodes { id } } }',
      prospects: `query Read { prospects(${PROSPECT_ARGS}) { nodes { id } } }`,
    };
    const query = roots[field] ?? `query Read($id: ID!) { ${selectionOf('Query', field)} }`;
    return { query, takesId: query.includes('$id'), chain: [{ coordinate, path: [field] }] };
  }
  // A prospect's fields are read through the list of prospects, its only way in.
  if (typeName === 'Prospect') {
    return {
      query: `query Read { prospects(${PROSPECT_ARGS}) { nodes { ${selectionOf('Prospect', field)} } } }`,
      takesId: false,
      chain: [
        { coordinate: 'Query.prospects', path: ['prospects'] },
        { coordinate, path: ['prospects', 'nodes', field] },
      ],
    };
  }
  const root = { coordinate: 'Query.customer', path: ['customer'] };
  if (typeName === 'Customer') {
    return {
      query: `query Read($id: ID!) { customer(id: $id) { id ${selectionOf('Customer', field)} } }`,
      takesId: true,
      chain: [root, { coordinate, path: ['customer', field] }],
    };
  }
  // A field of a type the customer holds (addresses, payments, household).
  const customerFields = (apiSchema.getType('Customer') as GraphQLObjectType).getFields();
  const parent = Object.values(customerFields).find((f) => getNamedType(f.type).name === typeName);
  if (!parent) throw new Error(`no Customer field leads to ${coordinate}; teach this test how to read it`);
  const args = parent.args.some((a) => a.name === 'first') ? '(first: 20)' : '';
  return {
    query: `query Read($id: ID!) { customer(id: $id) { id ${parent.name}${args} { ${selectionOf(typeName, field)} } } }`,
    takesId: true,
    chain: [
      root,
      { coordinate: `Customer.${parent.name}`, path: ['customer', parent.name] },
      { coordinate, path: ['customer', parent.name, field] },
    ],
  };
}

type Expected =
  | { outcome: 'visible' | 'masked' }
  | { outcome: 'forbidden' | 'consent-required' | 'rejected'; at: { coordinate: string; path: string[] } };

/** What the golden table says this caller gets: the first step along the way it withholds, else the field's own row. */
function expectedFrom(role: string, purpose: string, reading: Reading, consentedTopics: string[]): Expected {
  const partner = policy.roles[role].clientKind === 'partner';
  let leaf: GoldenRow | undefined;
  for (const step of reading.chain) {
    const row = golden.get(`${role}/${purpose}/${step.coordinate}`);
    if (!row) throw new Error(`the golden table has no row for ${role}/${purpose}/${step.coordinate}`);
    if (!row.readable) return { outcome: partner ? 'rejected' : 'forbidden', at: step };
    if (row.consentTopic && !consentedTopics.includes(row.consentTopic)) return { outcome: 'consent-required', at: step };
    leaf = row;
  }
  return { outcome: leaf!.masked ? 'masked' : 'visible' };
}

/** The values at a response path, through lists. */
function valuesAt(data: unknown, segments: string[]): unknown[] {
  let values = [data];
  for (const segment of segments) {
    values = values
      .flatMap((v) => (Array.isArray(v) ? v : [v]))
      .map((v) => (v === null || v === undefined ? v : (v as Record<string, unknown>)[segment]));
  }
  return values.flatMap((v) => (Array.isArray(v) ? v : [v]));
}

/** A response path without its list indexes. */
const withoutIndexes = (errorPath: Array<string | number> | undefined) =>
  (errorPath ?? []).filter((segment) => typeof segment === 'string').join('.');

const backend = testBackends()[0];

describe(`data protection through the gateway, held to the golden table (${backend})`, () => {
  let systems: TestSystems;
  let stack: TestStack;
  const subjects: Record<'consenting' | 'refusing', { id: string; consentedTopics: string[] }> = {} as never;
  const dpoAnswers = new Map<string, any>();
  const tokens: Record<string, string> = {};

  const partnerOperations = new Map<string, string>();
  let operationsDir: string;
  const operationName = (coordinate: string, purpose: string) => `Read_${coordinate.replace('.', '_')}_${purpose}`;

  /** Every role of the table with every purpose it has rows for. */
  const rolePurposes = [...new Set(table.map((row) => `${row.role}/${row.purpose}`))];

  beforeAll(async () => {
    systems = await createTestSystems(backend, 600);
    const oltp = connectDatabase(systems.urls.oltp);
    searchEmail = (await oltp('customers').orderBy('id').first('email')).email;
    await oltp.destroy();
    // Partners run registered operations only: register one per coordinate and purpose for each partner's client.
    operationsDir = mkdtempSync(path.join(os.tmpdir(), 'operations-'));
    for (const role of Object.keys(policy.roles).filter((name) => policy.roles[name].clientKind === 'partner')) {
      const clientDir = path.join(operationsDir, policy.roles[role].client!);
      mkdirSync(clientDir);
      for (const purpose of policy.roles[role].purposes) {
        for (const coordinate of coordinates) {
          const query = readingOf(coordinate).query.replace(/^query Read\b/, `query ${operationName(coordinate, purpose)}`);
          writeFileSync(path.join(clientDir, `${operationName(coordinate, purpose)}.graphql`), `# purpose: ${purpose}\n${query}\n`);
        }
      }
      const manifest = buildManifest(clientDir, apiSchema, policy);
      writeFileSync(manifestPath(clientDir), JSON.stringify(manifest));
      for (const operation of manifest.operations) partnerOperations.set(`${role}/${operation.name}`, operation.id);
    }
    stack = await startTestStack(systems, { gateway: { persistedOperations: { dir: operationsDir, mode: 'allow' } } });
    for (const rolePurpose of rolePurposes) {
      const [role, purpose] = rolePurpose.split('/');
      tokens[rolePurpose] = await tokenFor(role, { purpose });
    }
    // Subjects with something behind every field: a household, addresses, payments.
    const page =
      'query($after: String) { customers(first: 100, after: $after) { nodes { id household { id } addresses { line2 } ' +
      'payments(first: 20) { method } restriction { restricted } consents { topic granted } } pageInfo { endCursor hasNextPage } } }';
    const found: any[] = [];
    for (let after: string | null = null, more = true; more; ) {
      const { body } = await postGraphQL(stack.gateway.url, page, { after });
      expect(body.errors).toBeUndefined();
      found.push(...body.data.customers.nodes);
      ({ endCursor: after, hasNextPage: more } = body.data.customers.pageInfo);
    }
    // One of them pays by SEPA (IBANs), the other by card, so every masked field has a value to mask.
    const all = ['email', 'phone', 'post', 'profiling'];
    const pick = (consents: boolean, method: string) =>
      found.find(
        (n) =>
          !protectionOf(n).restricted &&
          all.every((t) => protectionOf(n).consentedTopics.includes(t) === consents) &&
          n.household &&
          n.addresses.some((a: any) => a.line2 !== null) &&
          n.payments.some((p: any) => p.method === method),
      );
    const [consenting, refusing] =
      pick(true, 'SEPA') && pick(false, 'CARD') ? [pick(true, 'SEPA'), pick(false, 'CARD')] : [pick(true, 'CARD'), pick(false, 'SEPA')];
    expect(consenting).toBeDefined();
    expect(refusing).toBeDefined();
    subjects.consenting = { id: consenting.id, consentedTopics: protectionOf(consenting).consentedTopics };
    subjects.refusing = { id: refusing.id, consentedTopics: protectionOf(refusing).consentedTopics };
    // What the data-protection officer reads of each subject: the values in full.
    for (const subject of Object.values(subjects)) {
      for (const coordinate of coordinates) {
        const reading = readingOf(coordinate);
        const { body: full } = await postGraphQL(stack.gateway.url, reading.query, reading.takesId ? { id: subject.id } : {});
        expect(full.errors).toBeUndefined();
        dpoAnswers.set(`${subject.id}/${coordinate}`, full.data);
      }
    }
  });

  afterAll(async () => {
    await stack?.stop();
    await systems?.drop();
    rmSync(operationsDir, { recursive: true, force: true });
  });

  it('reads every coordinate of the table, on every subgraph', () => {
    expect(coordinates).toEqual(
      expect.arrayContaining([
        'Customer.email',
        'Customer.phone',
        'Customer.dateOfBirth',
        'Customer.orders',
        'Payment.iban',
        'Address.line1',
        'Customer.segment',
        'Customer.riskRating',
        'Customer.archivedOrders',
        'Customer.accessLog',
        'Query.customer',
      ]),
    );
  });

  it('has a value behind every coordinate for at least one subject (so no masked or visible case holds vacuously)', () => {
    // The access logs are checked for entries when read (they fill as this test runs).
    for (const coordinate of coordinates.filter((c) => !c.endsWith('.accessLog'))) {
      const leaf = readingOf(coordinate).chain.at(-1)!;
      const values = Object.values(subjects).flatMap((subject) => valuesAt(dpoAnswers.get(`${subject.id}/${coordinate}`), leaf.path));
      expect({ coordinate, some: values.some((v) => v !== null && v !== undefined) }).toEqual({ coordinate, some: true });
    }
  });

  const cases = (['consenting', 'refusing'] as const).flatMap((subject) =>
    rolePurposes.flatMap((rolePurpose) =>
      coordinates.map((coordinate) => {
        const row = golden.get(`${rolePurpose}/${coordinate}`)!;
        return [subject, rolePurpose, coordinate, row.outcome] as const;
      }),
    ),
  );

  it.each(cases)('%s customer, %s reading %s: %s as the golden table says', async (subjectName, rolePurpose, coordinate) => {
    const subject = subjects[subjectName];
    const [role, purpose] = rolePurpose.split('/');
    const reading = readingOf(coordinate);
    const leaf = reading.chain[reading.chain.length - 1];
    const consents = coordinate.startsWith('Prospect.') ? PROSPECT_CONSENTS : subject.consentedTopics;
    const expected = expectedFrom(role, purpose, reading, consents);
    const subgraphs = Object.values(stack.recorded);
    const documentsBefore = subgraphs.map((s) => s.documents.length);
    const callsBefore = subgraphs.reduce((sum, s) => sum + s.graphqlRequests, 0);
    const variables = reading.takesId ? { id: subject.id } : {};
    const { status, body } =
      policy.roles[role].clientKind === 'partner'
        ? await postPersisted(
            stack.gateway.url,
            partnerOperations.get(`${role}/${operationName(coordinate, purpose)}`)!,
            variables,
            tokens[rolePurpose],
          )
        : await postGraphQL(stack.gateway.url, reading.query, variables, tokens[rolePurpose]);
    const dpoAnswer = dpoAnswers.get(`${subject.id}/${coordinate}`);
    switch (expected.outcome) {
      case 'visible':
        expect({ status, errors: body.errors }).toEqual({ status: 200, errors: undefined });
        expect(body.extensions?.maskedPaths).toBeUndefined();
        // The access log grows with every request, this test's included (Query.accessLog is a page: its entries are its nodes).
        if (coordinate === 'Query.accessLog') expect(valuesAt(body.data, [...leaf.path, 'nodes']).length).toBeGreaterThan(0);
        else if (/accessLog/.test(coordinate)) expect(valuesAt(body.data, leaf.path).length).toBeGreaterThan(0);
        else expect(body.data).toEqual(dpoAnswer);
        break;
      case 'masked': {
        expect({ status, errors: body.errors }).toEqual({ status: 200, errors: undefined });
        const values = valuesAt(body.data, leaf.path);
        const full = valuesAt(dpoAnswer, leaf.path);
        expect(values).toHaveLength(full.length);
        values.forEach((value, i) => {
          if (value === null) return expect(full[i]).toBeNull();
          expect(typeof value).toBe('string');
          expect(value).not.toEqual(full[i]);
          expect(value).toMatch(/\*\*\*|••••/);
        });
        const maskedPaths: string[] = body.extensions?.maskedPaths ?? [];
        expect(maskedPaths).toHaveLength(values.filter((v) => v !== null).length);
        for (const masked of maskedPaths)
          expect(
            masked
              .split('.')
              .filter((s) => !/^\d+$/.test(s))
              .join('.'),
          ).toBe(leaf.path.join('.'));
        break;
      }
      case 'forbidden':
      case 'consent-required': {
        expect(status).toBe(200);
        const code = expected.outcome === 'forbidden' ? 'FORBIDDEN' : 'CONSENT_REQUIRED';
        const at = expected.at.path.join('.');
        expect(valuesAt(body.data, expected.at.path).every((v) => v === null)).toBe(true);
        const errorsAt = (body.errors ?? []).filter((e) => withoutIndexes(e.path) === at);
        expect(errorsAt.length).toBeGreaterThan(0);
        for (const error of errorsAt) expect(error.extensions?.code).toBe(code);
        // Nothing else was withheld.
        expect((body.errors ?? []).filter((e) => withoutIndexes(e.path) !== at)).toEqual([]);
        if (expected.at.path.length > 1) expect(body.data.customer.id).toBe(subject.id);
        break;
      }
      case 'rejected':
        expect(status).toBe(403);
        expect(body.errors?.[0]?.extensions).toMatchObject({
          code: 'FORBIDDEN',
          forbiddenFields: expect.arrayContaining([expected.at.coordinate]),
        });
        expect(subgraphs.reduce((sum, s) => sum + s.graphqlRequests, 0)).toBe(callsBefore);
        break;
    }
    if (expected.outcome === 'forbidden' || expected.outcome === 'rejected') {
      // The gateway removed it before planning: no subgraph was asked for it.
      const sent = subgraphs.flatMap((s, i) => s.documents.slice(documentsBefore[i]));
      // What the caller may read beside a customer's field (the customer's id) was still fetched; beside a
      // root field, or in a refused operation, there is nothing.
      expect({ coordinate, fetched: sent.length > 0 }).toEqual({
        coordinate,
        fetched: expected.outcome === 'forbidden' && expected.at.path.length > 1,
      });
      const field = expected.at.coordinate.split('.')[1];
      for (const document of sent) expect(document).not.toMatch(new RegExp(`\\b${field}\\b`));
    }
  });
});

describe(`masking of nested fields and per-client enforcement (${backend})`, () => {
  let systems: TestSystems;
  let stack: Stack;
  let dir: string;

  beforeAll(async () => {
    systems = await createTestSystems(backend, 120);
    // The same policy, with one first-party client switched to reject mode.
    dir = mkdtempSync(path.join(os.tmpdir(), 'policy-'));
    const policyFile = path.join(dir, 'policy.yaml');
    writeFileSync(policyFile, readFileSync(DEFAULT_POLICY_PATH, 'utf8').replace('  clients: {}', '  clients:\n    strict-crm-app: reject'));
    stack = await startTestStack(systems, { policyPath: policyFile });
  });

  afterAll(async () => {
    await stack?.stop();
    await systems?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('masks card numbers, IBANs and street lines inside lists, and says where', async () => {
    const query = '{ customers(first: 40) { nodes { addresses { line1 } payments(first: 5) { method iban cardLast4 } } } }';
    const agent = await postGraphQL(stack.gateway.url, query, {}, await tokenFor('support_agent'));
    const full = await postGraphQL(stack.gateway.url, query);
    expect(agent.body.errors).toBeUndefined();
    const payments = agent.body.data.customers.nodes.flatMap((n: any) => n.payments);
    expect(payments.some((p: any) => p.method === 'SEPA')).toBe(true);
    expect(payments.some((p: any) => p.method === 'CARD')).toBe(true);
    // A SEPA payment has an IBAN and no card, a card payment the reverse: each comes back masked, not withheld.
    const maskedAs: Record<string, object> = {
      SEPA: { method: 'SEPA', iban: expect.stringMatching(/^[A-Z]{2}•• •••• \d{4}$/), cardLast4: null },
      CARD: { method: 'CARD', iban: null, cardLast4: expect.stringMatching(/^•••• \d{2}$/) },
    };
    expect(payments).toEqual(payments.map((p: any) => maskedAs[p.method] ?? { method: 'SEPA or CARD' }));
    const lines = agent.body.data.customers.nodes.flatMap((n: any) => n.addresses.map((a: any) => a.line1));
    expect(lines.length).toBeGreaterThan(0);
    expect(lines).toEqual(lines.map(() => expect.stringMatching(/^.\*\*\*$/)));
    expect(agent.body.extensions?.maskedPaths).toContain('customers.nodes.0.addresses.0.line1');
    const fullIbans = full.body.data.customers.nodes
      .flatMap((n: any) => n.payments)
      .map((p: any) => p.iban)
      .filter(Boolean);
    expect(fullIbans).toHaveLength(payments.filter((p: any) => p.method === 'SEPA').length);
    expect(fullIbans).toEqual(fullIbans.map(() => expect.stringMatching(/^DE\d{20}$/)));

    const risk = await postGraphQL(
      stack.gateway.url,
      '{ customers(first: 40) { nodes { payments(first: 5) { iban } } } }',
      {},
      await tokenFor('risk_officer'),
    );
    expect(risk.body.extensions?.maskedPaths).toBeUndefined();
  });

  it('lets the policy put a first-party client in reject mode', async () => {
    const query = '{ customers(first: 1) { nodes { name segment } } }';
    const lenient = await postGraphQL(stack.gateway.url, query, {}, await tokenFor('support_agent'));
    expect(lenient.status).toBe(200);
    expect(lenient.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const strict = await postGraphQL(stack.gateway.url, query, {}, await tokenFor('support_agent', { client: 'strict-crm-app' }));
    expect(strict.status).toBe(403);
    expect(strict.body.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN', forbiddenFields: ['Customer.segment'] });
  });
});
