import type { FieldRule, FieldRules } from '../policy/field-rules';
import { createFieldCheck, type ProtectionStatus } from './auth-checker';
import type { Principal } from '../contracts/principal';
import { ConsentRequiredError, ForbiddenFieldError, ProcessingRestrictedError } from '../contracts/errors';

const RULES: FieldRules = new Map<string, FieldRule>([
  ['Customer.name', { category: 'IDENTITY', scopes: [['customer:read']] }],
  ['Customer.phone', { category: 'CONTACT', scopes: [['contact:read']], consent: { topic: 'phone_marketing', purposes: ['marketing'] } }],
  ['Order.total', { category: 'FINANCIAL', scopes: [['commerce:read']] }],
  ['Order.note', { category: 'BEHAVIOURAL', scopes: [['commerce:read']], consent: { topic: 'profiling', purposes: ['marketing'] } }],
]);

const principal = (scopes: string[], purpose = 'customer_service'): Principal => ({
  subject: 's',
  scopes,
  purpose,
  clientId: 'app',
  clientKind: 'first-party',
});

interface Check {
  status?: ProtectionStatus | null;
  scopes: string[];
  purpose?: string;
  type: string;
  field: string;
}

/**
 * Runs the check of one field (an unclassified field has none: the schema leaves it unwrapped);
 * says what it answered (or threw) and how it asked for the status.
 */
async function check({ status = { restricted: false, consentedTopics: [] }, scopes, purpose, type, field }: Check) {
  const asked: Array<[unknown, boolean]> = [];
  const root = { id: 'c-1' };
  const context = { requestId: 'r', principal: principal(scopes, purpose), loaders: {} };
  const rule = RULES.get(`${type}.${field}`);
  if (!rule) return { answer: true, asked };
  const fieldCheck = createFieldCheck(rule, type, (customer, ctx, withConsents) => {
    expect(ctx).toBe(context);
    asked.push([customer, withConsents]);
    return status;
  });
  try {
    const answer = await fieldCheck(root, context);
    return { answer, asked };
  } catch (error) {
    return { error, asked };
  }
}

describe('the subgraph auth checker', () => {
  it('lets any caller read an unclassified field without asking for a status', async () => {
    expect(await check({ scopes: [], type: 'Customer', field: 'id' })).toEqual({ answer: true, asked: [] });
  });

  it('refuses a field the caller has no scopes for, before asking for a status', async () => {
    const { error, asked } = await check({ scopes: ['contact:read'], type: 'Order', field: 'total' });
    expect(error).toBeInstanceOf(ForbiddenFieldError);
    expect((error as Error).message).toBe('You may not read this field');
    expect(asked).toEqual([]);
  });

  it("reads a customer's field once the customer's processing is known not to be restricted, without consents", async () => {
    expect(await check({ scopes: ['customer:read'], type: 'Customer', field: 'name' })).toEqual({
      answer: true,
      asked: [[{ id: 'c-1' }, false]],
    });
  });

  it("withholds a restricted customer's field", async () => {
    const { error } = await check({
      status: { restricted: true, consentedTopics: [] },
      scopes: ['customer:read'],
      type: 'Customer',
      field: 'name',
    });
    expect(error).toBeInstanceOf(ProcessingRestrictedError);
  });

  it("lets the holder of restricted:read read a restricted customer's field without asking", async () => {
    expect(await check({ status: null, scopes: ['customer:read', 'restricted:read'], type: 'Customer', field: 'name' })).toEqual({
      answer: true,
      asked: [],
    });
  });

  it('withholds the field when the status is unknown', async () => {
    const { error } = await check({ status: null, scopes: ['customer:read'], type: 'Customer', field: 'name' });
    expect(error).toBeInstanceOf(ForbiddenFieldError);
    expect((error as Error).message).toBe("The customer's data-protection status is unknown");
  });

  it('does not ask for the status of a field of another type that needs no consent', async () => {
    expect(await check({ status: null, scopes: ['commerce:read'], type: 'Order', field: 'total' })).toEqual({ answer: true, asked: [] });
  });

  it('asks for the consents when the purpose needs one, and reads the field when it was granted', async () => {
    expect(
      await check({
        status: { restricted: false, consentedTopics: ['phone_marketing'] },
        scopes: ['contact:read'],
        purpose: 'marketing',
        type: 'Customer',
        field: 'phone',
      }),
    ).toEqual({ answer: true, asked: [[{ id: 'c-1' }, true]] });
  });

  it('withholds the field when the consent its purpose needs was not granted', async () => {
    const { error } = await check({
      status: { restricted: false, consentedTopics: ['email_marketing'] },
      scopes: ['contact:read'],
      purpose: 'marketing',
      type: 'Customer',
      field: 'phone',
    });
    expect(error).toBeInstanceOf(ConsentRequiredError);
    expect((error as Error).message).toBe('The customer has not consented to phone_marketing for this purpose');
  });

  it('needs no consent for a purpose that does not call for it', async () => {
    expect(await check({ scopes: ['contact:read'], purpose: 'customer_service', type: 'Customer', field: 'phone' })).toEqual({
      answer: true,
      asked: [[{ id: 'c-1' }, false]],
    });
  });

  it('checks consent outside a customer too, but not restriction', async () => {
    expect(
      await check({
        status: { restricted: true, consentedTopics: ['profiling'] },
        scopes: ['commerce:read'],
        purpose: 'marketing',
        type: 'Order',
        field: 'note',
      }),
    ).toEqual({ answer: true, asked: [[{ id: 'c-1' }, true]] });
    const { error } = await check({
      status: { restricted: true, consentedTopics: [] },
      scopes: ['commerce:read'],
      purpose: 'marketing',
      type: 'Order',
      field: 'note',
    });
    expect(error).toBeInstanceOf(ConsentRequiredError);
  });

  it('refuses restriction before consent, for the data-protection officer only consent', async () => {
    const restricted = { restricted: true, consentedTopics: [] };
    expect(
      (await check({ status: restricted, scopes: ['contact:read'], purpose: 'marketing', type: 'Customer', field: 'phone' })).error,
    ).toBeInstanceOf(ProcessingRestrictedError);
    expect(
      (
        await check({
          status: restricted,
          scopes: ['contact:read', 'restricted:read'],
          purpose: 'marketing',
          type: 'Customer',
          field: 'phone',
        })
      ).error,
    ).toBeInstanceOf(ConsentRequiredError);
  });

  it('keeps deciding on the same principal the same way', async () => {
    const context = { requestId: 'r', principal: principal(['customer:read']), loaders: {} };
    const known = () => ({ restricted: false, consentedTopics: [] });
    const name = createFieldCheck(RULES.get('Customer.name')!, 'Customer', known);
    expect(name({}, context)).toBe(true);
    expect(name({}, context)).toBe(true);
    expect(() => createFieldCheck(RULES.get('Order.total')!, 'Order', known)({}, context)).toThrow(ForbiddenFieldError);
  });

  it('answers at once when the status is at hand, and waits for one that is looked up', async () => {
    const context = { requestId: 'r', principal: principal(['customer:read']), loaders: {} };
    const rule = RULES.get('Customer.name')!;
    expect(createFieldCheck(rule, 'Customer', () => ({ restricted: false, consentedTopics: [] }))({}, context)).toBe(true);
    const later = createFieldCheck(rule, 'Customer', async () => ({ restricted: true, consentedTopics: [] }))({}, context);
    expect(later).toBeInstanceOf(Promise);
    await expect(later).rejects.toBeInstanceOf(ProcessingRestrictedError);
    const unknown = createFieldCheck(rule, 'Customer', async () => null)({}, context);
    await expect(unknown).rejects.toThrow("The customer's data-protection status is unknown");
  });

  it('waits for any thenable status, and refuses what is not a status', async () => {
    const context = { requestId: 'r', principal: principal(['customer:read']), loaders: {} };
    const rule = RULES.get('Customer.name')!;
    // biome-ignore lint/suspicious/noThenProperty: a thenable that is not a native promise is the case under test
    const thenable = { then: (resolve: (status: ProtectionStatus) => void) => resolve({ restricted: true, consentedTopics: [] }) };
    await expect(createFieldCheck(rule, 'Customer', () => thenable as never)({}, context)).rejects.toBeInstanceOf(
      ProcessingRestrictedError,
    );
    expect(() => createFieldCheck(rule, 'Customer', () => ({}) as never)({}, context)).toThrow(
      "The customer's data-protection status is unknown",
    );
  });
});
