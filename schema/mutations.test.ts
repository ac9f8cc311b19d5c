import { getNamedType, isNonNullType } from 'graphql';
import { apiSchemaFromFile, DEFAULT_SUPERGRAPH_PATH } from '../platform/supergraph-file';

/** The gateway's audit trail names the customer a mutation wrote from its `customerId` argument. */
describe('the API schema mutations', () => {
  const mutation = apiSchemaFromFile(DEFAULT_SUPERGRAPH_PATH).getMutationType();
  const fields = Object.values(mutation?.getFields() ?? {});

  it('are the data-subject rights, and nothing else', () => {
    expect(fields.map((field) => field.name).sort()).toEqual([
      'grantConsent',
      'liftRestriction',
      'requestErasure',
      'restrictProcessing',
      'withdrawConsent',
    ]);
  });

  it('each take the customer they write as `customerId: ID!`, a reason and an idempotency key', () => {
    const shape = fields.map((field) => {
      const arg = (name: string) => {
        const found = field.args.find((a) => a.name === name);
        return found && `${isNonNullType(found.type) ? 'required' : 'optional'} ${getNamedType(found.type).name}`;
      };
      return { field: field.name, customerId: arg('customerId'), reason: arg('reason'), idempotencyKey: arg('idempotencyKey') };
    });
    expect(shape).toEqual(
      fields.map((field) => ({
        field: field.name,
        customerId: 'required ID',
        reason: 'required String',
        idempotencyKey: 'required String',
      })),
    );
  });

  it('each answer the request as recorded, with the customer written', () => {
    expect(new Set(fields.map((field) => String(field.type)))).toEqual(new Set(['DataSubjectRequest']));
  });
});
