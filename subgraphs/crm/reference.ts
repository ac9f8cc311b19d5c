import type { CrmContext } from './loaders';

/** The crm owns the customer: a reference is looked up by customer number. */
export const referenceResolvers = {
  Customer: {
    __resolveReference: (reference: { id: string }, ctx: CrmContext) => ctx.loaders.customer.load(reference.id),
  },
};
