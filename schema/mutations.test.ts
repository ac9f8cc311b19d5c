import { getNamedType, isNonNullType } from 'graphql';
import { apiSchemaFromFile, DEFAULT_SUPERGRAPH_PATH } from '../platform/supergraph-file';

/** The data-subject rights: each answers the request as recorded and says why it was made. */
const RIGHTS = ['grantConsent', 'liftRestriction', 'requestErasure', 'restrictProcessing', 'withdrawConsent'];
/** What the front line records: each answers the interaction or offer as written. */
const FRONT_LINE: Record<string, string> = {
  logContact: 'Interaction',
  resolveCase: 'Interaction',
  recordOffer: 'Offer',
  recordOfferResponse: 'Offer',
};

/** The gateway's audit trail names the customer a mutation wrote from its `customerId` argument. */
describe('the API schema mutations', () => {
  const mutation = apiSchemaFromFile(DEFAULT_SUPERGRAPH_PATH).getMutationType();
  const fields = Object.values(mutation?.getFields() ?? {});
  const arg = (field: (typeof fields)[number], name: string) => {
    const found = field.args.find((a) => a.name === name);
    return found && `${isNonNullType(found.type) ? 'required' : 'optional'} ${getNamedType(found.type).name}`;
  };

  it('are the data-subject rights and the front-line writes, and nothing else', () => {
    expect(fields.map((field) => field.name).sort()).toEqual([...RIGHTS, ...Object.keys(FRONT_LINE)].sort());
  });

  it('each take the customer they write as `customerId: ID!` and an idempotency key', () => {
    const shape = fields.map((field) => ({
      field: field.name,
      customerId: arg(field, 'customerId'),
      idempotencyKey: arg(field, 'idempotencyKey'),
    }));
    expect(shape).toEqual(fields.map((field) => ({ field: field.name, customerId: 'required ID', idempotencyKey: 'required String' })));
  });

  it('the data-subject rights each take a reason and answer the request as recorded, with the customer written', () => {
    const rights = fields.filter((field) => RIGHTS.includes(field.name)).sort((a, b) => a.name.localeCompare(b.name));
    expect(rights.map((field) => [field.name, arg(field, 'reason'), String(field.type)])).toEqual(
      RIGHTS.map((name) => [name, 'required String', 'DataSubjectRequest']),
    );
  });

  it('the front-line writes each answer the record written, and name any other record by an ID', () => {
    const writes = fields.filter((field) => field.name in FRONT_LINE).sort((a, b) => a.name.localeCompare(b.name));
    expect(writes.map((field) => [field.name, String(field.type), field.args.map((a) => `${a.name}: ${a.type}`).sort()])).toEqual([
      ['logContact', 'Interaction', ['customerId: ID!', 'idempotencyKey: String!', 'input: LogContactInput!']],
      ['recordOffer', 'Offer', ['channel: String!', 'customerId: ID!', 'idempotencyKey: String!', 'product: String!']],
      ['recordOfferResponse', 'Offer', ['customerId: ID!', 'idempotencyKey: String!', 'offerId: ID!', 'response: OfferResponse!']],
      [
        'resolveCase',
        'Interaction',
        ['customerId: ID!', 'idempotencyKey: String!', 'interactionId: ID!', 'resolution: String!', 'status: InteractionStatus!'],
      ],
    ]);
  });
});
