import type { Customer } from './access-log.type';

/** The access log hangs on the customer number alone. */
export const referenceResolvers = {
  Customer: { __resolveReference: (reference: Customer) => reference },
};
