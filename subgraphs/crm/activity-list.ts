import { checkPageSize } from '../../subgraph-kit/pagination';

/** The most items one of a customer's recent-activity lists (orders, invoices, payments, interactions, offers) returns. */
const MAX_ITEMS_PER_LIST = 50;

/** The `first` argument every recent-activity list takes. */
export const FIRST = { defaultValue: 10, description: `How many, newest first (1 to ${MAX_ITEMS_PER_LIST}).` };

export const pageSize = (first: number) => checkPageSize(first, { argumentName: 'first', max: MAX_ITEMS_PER_LIST });
