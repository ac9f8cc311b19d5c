import { GraphQLDateTimeISO, GraphQLLocalDate } from 'graphql-scalars';
import { Classified } from '../../../subgraph-kit/data-protection';
import { CONTACT_MASKED_EMAIL, CONTACT_MASKED_PHONE, IDENTITY, IDENTITY_DATE_OF_BIRTH } from '../../../policy/field-classes';
import { Directive, Field, ID, ObjectType } from 'type-graphql';

@Directive('@key(fields: "id")')
@ObjectType({ description: 'A customer, identified by their CRM customer number. Other subgraphs add what their systems know.' })
export class Customer {
  @Field(() => ID, { description: 'CRM customer number.' })
  id: string;

  @Classified(IDENTITY)
  @Field({ nullable: true, description: 'Given name.' })
  firstName: string;

  @Classified(IDENTITY)
  @Field({ nullable: true, description: 'Family name.' })
  lastName: string;

  @Classified(IDENTITY)
  @Field({ nullable: true, description: 'Full name as used in correspondence.' })
  name: string;

  @Classified(CONTACT_MASKED_EMAIL)
  @Field({ nullable: true, description: 'Primary e-mail address.' })
  email: string;

  @Classified(CONTACT_MASKED_PHONE)
  @Field(() => String, { nullable: true, description: 'Primary phone number, international format.' })
  phone: string | null;

  @Classified(IDENTITY_DATE_OF_BIRTH)
  @Field(() => GraphQLLocalDate, { nullable: true, description: 'Date of birth.' })
  dateOfBirth: string | null;

  @Classified(IDENTITY)
  @Field(() => GraphQLDateTimeISO, { nullable: true, description: 'When the customer relationship began.' })
  customerSince: string;
}
