import { GraphQLObjectType } from 'graphql';
import { RECORD_TYPES } from '../../systems/archive/api/record-types';
import { buildArchiveSchema } from './schema';

// The archive subgraph asks the records API for the fields a caller selected by their GraphQL names.
describe("the archive subgraph's record types", () => {
  it.each([
    ['ArchivedOrder', 'orders'],
    ['ArchivedInvoice', 'invoices'],
    ['ArchivedInteraction', 'interactions'],
  ])('%s has the fields of the records API’s %s, name for name', async (typeName, kind) => {
    const type = (await buildArchiveSchema()).getType(typeName);
    expect(type).toBeInstanceOf(GraphQLObjectType);
    expect(Object.keys((type as GraphQLObjectType).getFields()).sort()).toEqual(Object.keys(RECORD_TYPES[kind].fields).sort());
  });
});
