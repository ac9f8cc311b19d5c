import type { Money } from '../../../subgraph-kit/money.type';
import type { InvoiceStatus, OrderStatus, PaymentMethod } from '../enums';

/** Orders, their lines, invoices and payments as the OLTP holds them; the GraphQL types are read from these. */
export interface OrderRow {
  id: string;
  customerId: string;
  orderNumber: string;
  placedAt: string;
  status: OrderStatus;
  total: Money;
}

export interface OrderLineRow {
  orderId: string;
  lineNumber: number;
  sku: string;
  description: string;
  quantity: number;
  unitPrice: Money;
}

export interface InvoiceRow {
  id: string;
  customerId: string;
  invoiceNumber: string;
  issuedOn: string;
  dueOn: string;
  amount: Money;
  status: InvoiceStatus;
}

export interface PaymentRow {
  id: string;
  customerId: string;
  paidAt: string;
  amount: Money;
  method: PaymentMethod;
  cardLast4: string | null;
  iban: string | null;
}
