import { registerEnumType } from 'type-graphql';

// Values are the codes the OLTP stores; names are what the API shows.
export enum AddressKind {
  HOME = 'home',
  DELIVERY = 'delivery',
  BILLING = 'billing',
}
export enum ConsentTopic {
  EMAIL = 'email',
  SMS = 'sms',
  PHONE = 'phone',
  POST = 'post',
  PROFILING = 'profiling',
}
export enum AccountStatus {
  ACTIVE = 'active',
  CLOSED = 'closed',
}
export enum OrderStatus {
  OPEN = 'open',
  SHIPPED = 'shipped',
  COMPLETED = 'completed',
  CANCELLED = 'cancelled',
}
export enum InvoiceStatus {
  OPEN = 'open',
  PAID = 'paid',
  OVERDUE = 'overdue',
}
export enum PaymentMethod {
  CARD = 'card',
  SEPA = 'sepa',
}
export enum InteractionKind {
  ENQUIRY = 'enquiry',
  COMPLAINT = 'complaint',
  SUPPORT_CASE = 'support_case',
}
export enum InteractionStatus {
  OPEN = 'open',
  RESOLVED = 'resolved',
  CLOSED = 'closed',
}
export enum OfferResponse {
  INTERESTED = 'interested',
  ACCEPTED = 'accepted',
  DECLINED = 'declined',
}

registerEnumType(AddressKind, {
  name: 'AddressKind',
  description: 'What an address is used for.',
  valuesConfig: {
    HOME: { description: 'Where the customer lives.' },
    DELIVERY: { description: 'Where orders are delivered.' },
    BILLING: { description: 'Where invoices go.' },
  },
});
registerEnumType(ConsentTopic, {
  name: 'ConsentTopic',
  description: 'A marketing channel, or profiling (automated analysis of the customer).',
  valuesConfig: {
    EMAIL: { description: 'Marketing by e-mail.' },
    SMS: { description: 'Marketing by text message.' },
    PHONE: { description: 'Marketing by phone call.' },
    POST: { description: 'Marketing by letter.' },
    PROFILING: { description: "Scores and segments computed from the customer's data." },
  },
});
registerEnumType(AccountStatus, {
  name: 'AccountStatus',
  description: 'Whether a business-unit account is still in use.',
  valuesConfig: { ACTIVE: { description: 'In use.' }, CLOSED: { description: 'Closed; kept for its history.' } },
});
registerEnumType(OrderStatus, {
  name: 'OrderStatus',
  description: 'Where an order is in its life cycle.',
  valuesConfig: {
    OPEN: { description: 'Placed, not yet shipped.' },
    SHIPPED: { description: 'On its way.' },
    COMPLETED: { description: 'Delivered.' },
    CANCELLED: { description: 'Cancelled before delivery.' },
  },
});
registerEnumType(InvoiceStatus, {
  name: 'InvoiceStatus',
  description: 'Whether an invoice has been paid.',
  valuesConfig: { OPEN: { description: 'Not yet due.' }, PAID: { description: 'Paid.' }, OVERDUE: { description: 'Due and unpaid.' } },
});
registerEnumType(PaymentMethod, {
  name: 'PaymentMethod',
  description: 'How a payment was made.',
  valuesConfig: { CARD: { description: 'Payment card.' }, SEPA: { description: 'SEPA direct debit.' } },
});
registerEnumType(InteractionKind, {
  name: 'InteractionKind',
  description: 'Why the customer got in touch.',
  valuesConfig: {
    ENQUIRY: { description: 'A question.' },
    COMPLAINT: { description: 'A complaint.' },
    SUPPORT_CASE: { description: 'A problem to fix.' },
  },
});
registerEnumType(InteractionStatus, {
  name: 'InteractionStatus',
  description: 'Whether an interaction is still being handled.',
  valuesConfig: {
    OPEN: { description: 'Being handled.' },
    RESOLVED: { description: 'Solved.' },
    CLOSED: { description: 'Closed without a fix being needed.' },
  },
});
registerEnumType(OfferResponse, {
  name: 'OfferResponse',
  description: "The customer's answer to an offer.",
  valuesConfig: {
    INTERESTED: { description: 'Wants to know more.' },
    ACCEPTED: { description: 'Took the offer.' },
    DECLINED: { description: 'Said no.' },
  },
});
