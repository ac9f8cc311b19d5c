import type { Money } from '../../../subgraph-kit/money.type';
import type { InteractionKind, InteractionStatus, OfferResponse } from '../enums';

/** Interactions and offers as the OLTP holds them; the GraphQL types are read from these. */
export interface InteractionRow {
  id: string;
  customerId: string;
  kind: InteractionKind;
  channel: string;
  businessUnit: string;
  occurredAt: string;
  subject: string;
  handlingCost: Money;
  status: InteractionStatus;
  resolution: string | null;
}

export interface OfferRow {
  id: string;
  customerId: string;
  product: string;
  channel: string;
  offeredAt: string;
  response: OfferResponse | null;
  respondedAt: string | null;
}
