import { GraphQLDateTimeISO } from 'graphql-scalars';
import { Directive, Field, ID, ObjectType } from 'type-graphql';

@ObjectType({ description: 'One operation that returned or withheld personal data: who saw what, when and why.' })
export class AccessLogEntry {
  @Field(() => ID, { description: 'Record number in the audit trail.' })
  id: string;

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

  @Field({ description: 'sha256 of the operation text.' })
  operationHash: string;

  @Field({ description: 'Request id, to find the request in the logs.' })
  requestId: string;

  @Field(() => [String], { description: 'Customers whose data was returned.' })
  customerIds: string[];

  @Field(() => [String], { description: 'Classified fields returned, as Type.field.' })
  fields: string[];

  @Field(() => [String], { description: 'Response paths that were masked.' })
  maskedPaths: string[];

  @Field(() => [String], { description: 'Response paths withheld (forbidden, no consent, restricted).' })
  deniedPaths: string[];

  customerId?: string;
}

/** The privacy subgraph's view of a customer: only the number, to hang the access log on. */
@Directive('@key(fields: "id")')
@ObjectType({ description: 'A customer, identified by their CRM customer number. Other subgraphs add what their systems know.' })
export class Customer {
  @Field(() => ID, { description: 'CRM customer number.' })
  id: string;
}
