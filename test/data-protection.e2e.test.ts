import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { getNamedType, type GraphQLObjectType, isObjectType, parse } from 'graphql';
import { DEFAULT_SUPERGRAPH_PATH } from '../gateway/gateway-config';
import { consentNeeded, isMasked, mayRead } from '../policy/access';
import { fieldRulesFromSdl } from '../policy/field-rules';
import { DEFAULT_POLICY_PATH, loadPolicy } from '../policy/policy';
import { buildManifest, manifestPath } from '../gateway/persisted/manifest';
import { apiSchemaOf } from '../schema/api-schema';
import type { Stack } from '../scripts/start-stack';
import { createTestSystems, type TestSystems, testBackends } from './support/backends';
import { postGraphQL, postPersisted, startTestStack, tokenFor, protectionOf } from './support/test-stack';

const supergraphSdl = readFileSync(DEFAULT_SUPERGRAPH_PATH, 'utf8');
const apiSchema = apiSchemaOf(supergraphSdl);
const rules = fieldRulesFromSdl(parse(supergraphSdl));
const policy = loadPolicy();
const customerFields = [...rules.keys()].filter((coordinate) => coordinate.startsWith('Customer.')).map((coordinate) => coordinate.slice('Customer.'.length));
const roles = Object.keys(policy.roles);

/** The smallest valid selection of a field. */
function selectionOf(field: string): string {
  const type = getNamedType((apiSchema.getType('Customer') as GraphQLObjectType).getFields()[field].type);
  return isObjectType(type) ? `${field} { __typename }` : field;
}

type Outcome = 'visible' | 'masked' | 'forbidden' | 'customer-forbidden' | 'rejected' | 'consent-required';

/** Every demo role with every purpose it may serve. */
const rolePurposes = roles.flatMap((role) => policy.roles[role].purposes.map((purpose) => `${role}/${purpose}`));

function expectedOutcome(rolePurpose: string, field: string, consentedTopics: string[]): Outcome {
  const [role, purpose] = rolePurpose.split('/');
  const rule = rules.get(`Customer.${field}`)!;
  const definition = policy.roles[role];
  const caller = { scopes: new Set(definition.scopes), purpose };
  const reject = definition.clientKind === 'partner';
  if (!mayRead(rules.get('Query.customer')!, caller)) return reject ? 'rejected' : 'customer-forbidden';
  if (!mayRead(rule, caller)) return reject ? 'rejected' : 'forbidden';
  const topic = consentNeeded(rule, caller);
  if (topic && !consentedTopics.includes(topic)) return 'consent-required';
  return isMasked(rule, caller, policy) ? 'masked' : 'visible';
}

const backend = testBackends()[0];

describe(`data protection through the gateway (${backend})`, () => {
  let systems: TestSystems;
  let stack: Stack;
  const subjects: Record<'consenting' | 'refusing', { id: string; consentedTopics: string[] }> = {} as never;
  const dpoValues = new Map<string, unknown>();
  const tokens: Record<string, string> = {};

  const partnerOperations = new Map<string, string>();
  let operationsDir: string;

  beforeAll(async () => {
    systems = await createTestSystems(backend, 300);
    // Partners run registered operations only: register one per field and purpose for each partner's client.
    operationsDir = mkdtempSync(path.join(os.tmpdir(), 'operations-'));
    for (const role of roles.filter((name) => policy.roles[name].clientKind === 'partner')) {
      const clientDir = path.join(operationsDir, policy.roles[role].client!);
      mkdirSync(clientDir);
      for (const purpose of policy.roles[role].purposes) {
        for (const field of customerFields) {
          writeFileSync(path.join(clientDir, `${field}_${purpose}.graphql`), `# purpose: ${purpose}\nquery Read_${field}_${purpose}($id: ID!) { customer(id: $id) { id ${selectionOf(field)} } }\n`);
        }
      }
      const manifest = buildManifest(clientDir, apiSchema, policy);
      writeFileSync(manifestPath(clientDir), JSON.stringify(manifest));
      for (const operation of manifest.operations) partnerOperations.set(`${role}/${operation.name.slice('Read_'.length)}`, operation.id);
    }
    stack = await startTestStack(systems, { gateway: { persistedOperations: { dir: operationsDir, mode: 'allow' } } });
    for (const rolePurpose of rolePurposes) {
      const [role, purpose] = rolePurpose.split('/');
      tokens[rolePurpose] = await tokenFor(role, { purpose });
    }
    const { body } = await postGraphQL(stack.gateway.url, '{ customers(first: 100) { nodes { id restriction { restricted } consents { topic granted } } } }');
    const nodes: any[] = body.data.customers.nodes;
    const all = ['email', 'phone', 'post', 'profiling'];
    const consenting = nodes.find((n) => !protectionOf(n).restricted && all.every((t) => protectionOf(n).consentedTopics.includes(t)))!;
    const refusing = nodes.find((n) => !protectionOf(n).restricted && all.every((t) => !protectionOf(n).consentedTopics.includes(t)))!;
    subjects.consenting = { id: consenting.id, consentedTopics: protectionOf(consenting).consentedTopics };
    subjects.refusing = { id: refusing.id, consentedTopics: protectionOf(refusing).consentedTopics };
    for (const subject of Object.values(subjects)) {
      const { body: full } = await postGraphQL(stack.gateway.url, `query($id: ID!) { customer(id: $id) { ${customerFields.map(selectionOf).join(' ')} } }`, { id: subject.id });
      expect(full.errors).toBeUndefined();
      for (const field of customerFields) dpoValues.set(`${subject.id}.${field}`, full.data.customer[field]);
    }
  });

  afterAll(async () => {
    await stack?.stop();
    await systems?.drop();
    rmSync(operationsDir, { recursive: true, force: true });
  });

  it('classifies the customer fields of every subgraph', () => {
    expect(customerFields).toEqual(expect.arrayContaining(['email', 'phone', 'dateOfBirth', 'orders', 'payments', 'segment', 'riskRating', 'archivedOrders']));
  });

  const cases = (['consenting', 'refusing'] as const).flatMap((subject) => rolePurposes.flatMap((rolePurpose) => customerFields.map((field) => [subject, rolePurpose, field] as const)));

  it.each(cases)('%s customer, %s reading %s: as the policy says', async (subjectName, rolePurpose, field) => {
    const subject = subjects[subjectName];
    const [role, purpose] = rolePurpose.split('/');
    const expected = expectedOutcome(rolePurpose, field, subject.consentedTopics);
    const documentsBefore = [stack.crm, stack.archive, stack.analytics, stack.privacy].map((s) => s.stats.recentDocuments.length);
    const callsBefore = [stack.crm, stack.archive, stack.analytics].reduce((sum, s) => sum + s.stats.graphqlRequests, 0);
    const { status, body } = policy.roles[role].clientKind === 'partner'
      ? await postPersisted(stack.gateway.url, partnerOperations.get(`${role}/${field}_${purpose}`)!, { id: subject.id }, tokens[rolePurpose])
      : await postGraphQL(stack.gateway.url, `query($id: ID!) { customer(id: $id) { id ${selectionOf(field)} } }`, { id: subject.id }, tokens[rolePurpose]);
    const value = body.data?.customer?.[field];
    const dpoValue = dpoValues.get(`${subject.id}.${field}`);
    const errorAt = body.errors?.find((e) => e.path?.join('.') === `customer.${field}`);
    switch (expected) {
      case 'visible':
        expect(errorAt).toBeUndefined();
        // The access log grows with every request, this test's included.
        if (field === 'accessLog') expect(value).toEqual(expect.any(Array));
        else expect(value).toEqual(dpoValue);
        break;
      case 'masked':
        expect(errorAt).toBeUndefined();
        expect(typeof value).toBe('string');
        expect(value).not.toEqual(dpoValue);
        expect(value).toMatch(/\*\*\*|••••/);
        expect(body.extensions?.maskedPaths).toContain(`customer.${field}`);
        break;
      case 'forbidden':
      case 'consent-required':
        expect(status).toBe(200);
        expect(value).toBeNull();
        expect(errorAt?.extensions?.code).toBe(expected === 'forbidden' ? 'FORBIDDEN' : 'CONSENT_REQUIRED');
        expect(body.data.customer.id).toBe(subject.id);
        break;
      case 'customer-forbidden':
        expect(body.data.customer).toBeNull();
        expect(body.errors?.find((e) => e.path?.join('.') === 'customer')?.extensions?.code).toBe('FORBIDDEN');
        break;
      case 'rejected':
        expect(status).toBe(403);
        expect(body.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN', forbiddenFields: [`Customer.${field}`] });
        expect([stack.crm, stack.archive, stack.analytics].reduce((sum, s) => sum + s.stats.graphqlRequests, 0)).toBe(callsBefore);
        break;
    }
    if (expected === 'forbidden' || expected === 'customer-forbidden' || expected === 'rejected') {
      // The gateway removed it before planning: no subgraph was asked for it.
      const sent = [stack.crm, stack.archive, stack.analytics, stack.privacy].flatMap((s, i) => s.stats.recentDocuments.slice(documentsBefore[i]));
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
    for (const payment of payments) {
      if (payment.iban !== null) expect(payment.iban).toMatch(/^[A-Z]{2}•• •••• \d{4}$/);
      if (payment.cardLast4 !== null) expect(payment.cardLast4).toMatch(/^•••• \d{2}$/);
    }
    const lines = agent.body.data.customers.nodes.flatMap((n: any) => n.addresses.map((a: any) => a.line1));
    for (const line of lines) expect(line).toMatch(/^.\*\*\*$/);
    expect(agent.body.extensions?.maskedPaths).toContain('customers.nodes.0.addresses.0.line1');
    const fullIbans = full.body.data.customers.nodes.flatMap((n: any) => n.payments).map((p: any) => p.iban).filter(Boolean);
    for (const iban of fullIbans) expect(iban).toMatch(/^DE\d{20}$/);

    const risk = await postGraphQL(stack.gateway.url, '{ customers(first: 40) { nodes { payments(first: 5) { iban } } } }', {}, await tokenFor('risk_officer'));
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
