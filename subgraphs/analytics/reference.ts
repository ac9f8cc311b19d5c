import type { Customer } from './customer.type';

/** Every field loads by CRM id, so the reference itself is the customer. */
export const referenceResolvers = {
  Customer: { __resolveReference: (reference: Customer) => reference },
};
