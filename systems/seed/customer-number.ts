/** CRM customer numbers start at 1000001; the n-th generated customer gets 1000000 + n. */
const CUSTOMER_NUMBER_BASE = 1_000_000;

export function customerNumber(index: number): number {
  return CUSTOMER_NUMBER_BASE + index;
}
