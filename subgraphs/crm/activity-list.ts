import { checkOffset, checkPageSize } from '../../subgraph-kit/pagination';

/** The most items one of a customer's recent-activity lists (orders, invoices, payments, interactions, offers) returns. */
const MAX_ITEMS_PER_LIST = 50;

/** The most of the newest items a page of one of these lists can skip: a whole list is read a page at a time. */
const MAX_OFFSET = 100_000;

/** The `first` argument every recent-activity list takes. */
export const FIRST = { defaultValue: 10, description: `How many, newest first (1 to ${MAX_ITEMS_PER_LIST}).` };

/** The `offset` argument every recent-activity list takes: with `first`, a page further back. */
export const OFFSET = { defaultValue: 0, description: `Skip this many of the newest first (0 to ${MAX_OFFSET}).` };

export const pageSize = (first: number) => checkPageSize(first, { argumentName: 'first', max: MAX_ITEMS_PER_LIST });

export const pageOffset = (offset: number) => checkOffset(offset, { argumentName: 'offset', max: MAX_OFFSET });
