import { buildSchema } from 'graphql';
import type { FieldRule, FieldRules } from '../../policy/field-rules';
import type { Policy } from '../../policy/policy';

/** A small API schema for the protection tests: customers with orders, an interface, a union and an operation-level field. */
export const SCHEMA = buildSchema(`
  type Query {
    customer(id: ID!): Customer customers: [Customer!]! node(id: ID!): Node search: [Result!]! accessLog: [Entry!] version: String
  }
  interface Node { id: ID! }
  type Customer implements Node { id: ID! name: String email: String segment: String orders: [Order!]! }
  type Order implements Node { id: ID! total: Int note: String }
  union Result = Customer | Order
  type Entry { at: String subject: String }
`);

export const RULES: FieldRules = new Map<string, FieldRule>([
  ['Customer.name', { category: 'IDENTITY', scopes: [['customer:read']] }],
  ['Customer.email', { category: 'CONTACT', mask: 'EMAIL', scopes: [['contact:read']] }],
  ['Customer.segment', { category: 'PROFILING', scopes: [['profiling:read']] }],
  ['Order.total', { category: 'FINANCIAL', scopes: [['commerce:read']] }],
  ['Query.accessLog', { category: 'BEHAVIOURAL', scopes: [['audit:read']] }],
]);

export const POLICY = { masking: { contact: 'contact:unmasked' } } as unknown as Policy;

/** May read names, e-mails (masked) and order totals; not segments or the access log. */
export const CLERK = { scopes: new Set(['customer:read', 'contact:read', 'commerce:read']), purpose: 'sales' };
