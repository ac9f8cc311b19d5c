import { registerEnumType } from 'type-graphql';

// Values are the codes the OLTP stores; names are what the API shows.
export enum AddressKind { HOME = 'home', DELIVERY = 'delivery', BILLING = 'billing' }
export enum ConsentTopic { EMAIL = 'email', SMS = 'sms', PHONE = 'phone', POST = 'post', PROFILING = 'profiling' }
export enum AccountStatus { ACTIVE = 'active', CLOSED = 'closed' }
export enum OrderStatus { OPEN = 'open', SHIPPED = 'shipped', COMPLETED = 'completed', CANCELLED = 'cancelled' }
export enum InvoiceStatus { OPEN = 'open', PAID = 'paid', OVERDUE = 'overdue' }
export enum PaymentMethod { CARD = 'card', SEPA = 'sepa' }
export enum InteractionKind { ENQUIRY = 'enquiry', COMPLAINT = 'complaint', SUPPORT_CASE = 'support_case' }
export enum InteractionStatus { OPEN = 'open', RESOLVED = 'resolved', CLOSED = 'closed' }
export enum OfferResponse { INTERESTED = 'interested', ACCEPTED = 'accepted', DECLINED = 'declined' }

registerEnumType(AddressKind, { name: 'AddressKind', description: 'What an address is used for.' });
registerEnumType(ConsentTopic, { name: 'ConsentTopic', description: 'A marketing channel, or profiling (automated analysis of the customer).' });
registerEnumType(AccountStatus, { name: 'AccountStatus', description: 'Whether a business-unit account is still in use.' });
registerEnumType(OrderStatus, { name: 'OrderStatus', description: 'Where an order is in its life cycle.' });
registerEnumType(InvoiceStatus, { name: 'InvoiceStatus', description: 'Whether an invoice has been paid.' });
registerEnumType(PaymentMethod, { name: 'PaymentMethod', description: 'How a payment was made.' });
registerEnumType(InteractionKind, { name: 'InteractionKind', description: 'Why the customer got in touch.' });
registerEnumType(InteractionStatus, { name: 'InteractionStatus', description: 'Whether an interaction is still being handled.' });
registerEnumType(OfferResponse, { name: 'OfferResponse', description: "The customer's answer to an offer." });
