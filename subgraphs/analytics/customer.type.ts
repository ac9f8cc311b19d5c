import { Directive, Field, ID, ObjectType } from 'type-graphql';
import { DataProtectionStatus } from '../../subgraph-kit/external-data-protection';

/** The warehouse's view of a customer, joined on the CRM number (the warehouse's natural key). */
@Directive('@key(fields: "id")')
@ObjectType({ description: 'A customer, identified by their CRM customer number. Other subgraphs add what their systems know.' })
export class Customer {
  @Field(() => ID, { description: 'CRM customer number.' })
  id: string;

  @Directive('@external')
  @Field(() => DataProtectionStatus, { description: 'What the customer decided about the processing of their data.' })
  dataProtection?: DataProtectionStatus;
}
