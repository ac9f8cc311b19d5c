import { GraphQLDateTimeISO } from 'graphql-scalars';
import { Directive, Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { listSize } from '../../subgraph-kit/pagination';

@ObjectType({ description: "What one operation did with one customer's data, as schema coordinates (Customer.email)." })
export class CustomerAccessEntry {
  @Field({ description: 'CRM customer number.' })
  customerId: string;

  @Directive(listSize.assumed(50))
  @Field(() => [String], {
    description: 'Classified fields returned with a value for this customer (masked ones included), as Type.field.',
  })
  returned: string[];

  @Directive(listSize.assumed(50))
  @Field(() => [String], { description: 'Of those, the ones returned masked.' })
  masked: string[];

  @Directive(listSize.assumed(50))
  @Field(() => [String], { description: 'Classified fields withheld from this customer (forbidden, no consent, restricted).' })
  denied: string[];
}

const PATHS_DEPRECATED = 'Holds schema coordinates (Type.field) now, not response paths: the same list as';

@ObjectType({ description: 'A search for customers an operation ran (Query.findCustomers): its kind and its term, hashed.' })
export class SearchEntry {
  @Field({ description: 'What was searched by: accountNumber, email, phone, nameAndPostalCode, or invalid (none or several).' })
  kind: string;

  @Field({
    description:
      'HMAC-SHA256 (hex) of the kind and the term as the crm compares it (e-mail lower-cased, phone as digits), under a key ' +
      'only the services hold: the same term searched twice has the same hash; the term itself is never stored.',
  })
  termHash: string;
}

@ObjectType({
  description: "One operation that returned or withheld personal data, or a verified caller's refused attempt: who saw what, when and why.",
})
export class AccessLogEntry {
  @Field(() => ID, { description: 'Record number in the audit trail.' })
  id: string;

  @Field({
    description: 'read: the operation ran and returned or withheld personal data; refused: the caller was refused before anything ran.',
  })
  kind: string;

  @Field(() => GraphQLDateTimeISO, { description: 'When the operation ran.' })
  at: string;

  @Field({ description: 'The person or system that asked (token subject).' })
  subject: string;

  @Field({ description: 'The application they used.' })
  clientId: string;

  @Field({ description: 'first-party or partner.' })
  clientKind: string;

  @Field({ description: 'The purpose the request served.' })
  purpose: string;

  @Field(() => String, { nullable: true, description: 'Operation name, as the client sent it.' })
  operationName: string | null;

  @Field({ description: 'sha256 of the operation text (empty for a refusal before any operation was known).' })
  operationHash: string;

  @Field({ description: "The gateway's request id, to find the request in the logs (also the x-request-id response header)." })
  requestId: string;

  @Field(() => String, { nullable: true, description: 'The x-request-id the client sent, if it sent one.' })
  clientRequestId: string | null;

  @Field(() => String, { nullable: true, description: 'For a refused attempt: the error code the caller got.' })
  refusal: string | null;

  @Directive(listSize.assumed(5))
  @Field(() => [SearchEntry], {
    description: 'The customer searches the operation ran (Query.findCustomers); empty for every other operation.',
  })
  searches: SearchEntry[];

  /** Every customer of the operation; loaded on demand when only one customer's entry was read (AccessLogEntryResolver). */
  @Directive(listSize.assumed(100))
  @Field(() => [String], { description: 'Customers whose data the operation returned or withheld.' })
  customerIds?: string[];

  @Directive(listSize.assumed(50))
  @Field(() => [String], {
    description:
      'Classified fields returned, as Type.field. In Customer.accessLog: what that customer had; in Query.accessLog: the whole operation.',
  })
  fields: string[];

  @Directive(listSize.assumed(50))
  @Field(() => [String], {
    description:
      'Classified fields returned masked, as Type.field. ' +
      'In Customer.accessLog: what that customer had; in Query.accessLog: the whole operation.',
  })
  masked: string[];

  @Directive(listSize.assumed(50))
  @Field(() => [String], {
    description:
      'Classified fields withheld (forbidden, no consent, restricted), as Type.field. ' +
      'In Customer.accessLog: what that customer had; in Query.accessLog: the whole operation.',
  })
  denied: string[];

  @Directive(listSize.assumed(100))
  @Field(() => [CustomerAccessEntry], {
    description: 'What the operation returned, masked and withheld of each customer (in Customer.accessLog: of that customer only).',
  })
  customers: CustomerAccessEntry[];

  @Directive(listSize.assumed(50))
  @Field(() => [String], { description: 'Classified fields returned masked.', deprecationReason: `${PATHS_DEPRECATED} masked.` })
  maskedPaths: string[];

  @Directive(listSize.assumed(50))
  @Field(() => [String], { description: 'Classified fields withheld.', deprecationReason: `${PATHS_DEPRECATED} denied.` })
  deniedPaths: string[];

  /** The customer this entry was read for (Customer.accessLog). */
  customerId?: string;
}

/** The kinds of entry the audit store holds (its `kind` column, a string): what `Query.accessLog(kind:)` filters by. */
export enum AccessKind {
  READ = 'read',
  REFUSED = 'refused',
  WRITE = 'write',
}

registerEnumType(AccessKind, {
  name: 'AccessKind',
  description: 'What kind of entry an audit-trail entry is.',
  valuesConfig: {
    READ: { description: 'The operation ran and returned or withheld personal data.' },
    REFUSED: { description: 'A verified caller was refused before anything ran.' },
    WRITE: {
      description:
        'A mutation changed (or was refused to change) personal data: the mutation in `fields` when done, in `denied` when not; ' +
        'what its answer read of the customer beside it.',
    },
  },
});

@ObjectType({ description: 'Where a page of the audit trail ends and whether more follow.' })
export class AccessLogPageInfo {
  @Field({ description: 'True when another page follows.' })
  hasNextPage: boolean;

  @Field(() => String, { nullable: true, description: 'Pass as `after` to get the next page (null on an empty page).' })
  endCursor: string | null;
}

@ObjectType({ description: 'A page of the audit trail, newest first.' })
export class AccessLogPage {
  @Field(() => [AccessLogEntry], { description: 'The entries of this page, newest first.' })
  nodes: AccessLogEntry[];

  @Field(() => AccessLogPageInfo, { description: 'How to continue.' })
  pageInfo: AccessLogPageInfo;
}

/** The privacy subgraph's view of a customer: only the number, to hang the access log on. */
@Directive('@key(fields: "id")')
@ObjectType({ description: 'A customer, identified by their CRM customer number. Other subgraphs add what their systems know.' })
export class Customer {
  @Field(() => ID, { description: 'CRM customer number.' })
  id: string;
}
