import type { Customer } from './customer.type';

/** The representation already carries what the fields need (id and accounts). */
export const referenceResolvers = {
  Customer: { __resolveReference: (reference: Customer) => reference },
};
