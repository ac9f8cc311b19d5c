import { Directive, Field, ID, ObjectType } from 'type-graphql';
import { DataProtectionStatus } from '../../subgraph-kit/external-data-protection';

@ObjectType({ description: "A customer's account with one business unit, under that unit's legacy account number." })
export class Account {
  @Directive('@external')
  @Field({ description: 'Legacy account number; the archive files records under it.' })
  accountNumber: string;
}

/** The archive's view of a customer: it only needs the account numbers, which the crm subgraph provides. */
@Directive('@key(fields: "id")')
@ObjectType({ description: 'A customer, identified by their CRM customer number. Other subgraphs add what their systems know.' })
export class Customer {
  @Field(() => ID, { description: 'CRM customer number.' })
  id: string;

  @Directive('@external')
  @Field(() => [Account], { nullable: true, description: "The customer's accounts with the business units." })
  accounts?: Account[];

  @Directive('@external')
  @Field(() => DataProtectionStatus, { description: 'What the customer decided about the processing of their data.' })
  dataProtection?: DataProtectionStatus;
}
