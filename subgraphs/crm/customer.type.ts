import { GraphQLDateTimeISO, GraphQLLocalDate } from 'graphql-scalars';
import { Directive, Field, ID, ObjectType } from 'type-graphql';

@Directive('@key(fields: "id")')
@ObjectType({ description: 'A customer, identified by their CRM customer number. Other subgraphs add what their systems know.' })
export class Customer {
  @Field(() => ID, { description: 'CRM customer number.' })
  id: string;

  @Field({ description: 'Given name.' })
  firstName: string;

  @Field({ description: 'Family name.' })
  lastName: string;

  @Field({ description: 'Full name as used in correspondence.' })
  name: string;

  @Field({ description: 'Primary e-mail address.' })
  email: string;

  @Field(() => String, { nullable: true, description: 'Primary phone number, international format.' })
  phone: string | null;

  @Field(() => GraphQLLocalDate, { nullable: true, description: 'Date of birth.' })
  dateOfBirth: string | null;

  @Field(() => GraphQLDateTimeISO, { description: 'When the customer relationship began.' })
  customerSince: string;

  householdId: string | null;
  restrictedAt: string | null;
  processingRestricted: boolean;
  erasureRequestedAt: string | null;
}
