import { GraphQLDateTimeISO, GraphQLLocalDate } from 'graphql-scalars';
import { Classified } from '../../../subgraph-kit/data-protection';
import { CONTACT_MASKED_POSTAL_LINE, IDENTITY_HOUSEHOLD } from '../../../policy/field-classes';
import { Directive, Field, ID, ObjectType } from 'type-graphql';
import { listSize } from '../../../subgraph-kit/pagination';
import { AccountStatus, AddressKind, ConsentTopic } from '../enums';

@ObjectType({ description: 'People living at one address who are customers in their own right.' })
export class Household {
  @Field(() => ID, { description: 'Household number.' })
  id: string;

  @Classified(IDENTITY_HOUSEHOLD)
  @Field({ nullable: true, description: 'Name the household is known by.' })
  name: string;
}

@ObjectType({ description: "A customer's account with one business unit, under that unit's legacy account number." })
export class Account {
  @Field({ description: 'Legacy account number; the archive files records under it.' })
  accountNumber: string;

  @Field({ description: 'Business unit that holds the account (retail, telecom, energy, insurance).' })
  businessUnit: string;

  @Field(() => AccountStatus, { description: 'Whether the account is still in use.' })
  status: AccountStatus;

  @Field(() => GraphQLLocalDate, { description: 'When the account was opened.' })
  openedOn: string;
}

@ObjectType({ description: 'A postal address of the customer.' })
export class Address {
  @Field(() => AddressKind, { description: 'What the address is used for.' })
  kind: AddressKind;

  @Classified(CONTACT_MASKED_POSTAL_LINE)
  @Field({ nullable: true, description: 'Street and number.' })
  line1: string;

  @Classified(CONTACT_MASKED_POSTAL_LINE)
  @Field(() => String, { nullable: true, description: 'Apartment, floor or c/o.' })
  line2: string | null;

  @Field({ description: 'Postal code.' })
  postalCode: string;

  @Field({ description: 'City.' })
  city: string;

  @Field({ description: 'ISO 3166-1 alpha-2 country code.' })
  country: string;
}

@ObjectType({ description: "The customer's current choice for one marketing channel, or for profiling." })
export class Consent {
  @Field(() => ConsentTopic, { description: 'Channel or purpose the choice is about.' })
  topic: ConsentTopic;

  @Field({ description: 'True when the customer agreed.' })
  granted: boolean;

  @Field(() => GraphQLDateTimeISO, { description: 'When the choice was recorded.' })
  recordedAt: string;
}

@ObjectType({ description: 'Whether the customer asked to restrict the processing of their data, or to erase it.' })
export class ProcessingRestriction {
  @Field({ description: 'True while processing is restricted (also while an erasure is pending).' })
  restricted: boolean;

  @Field(() => GraphQLDateTimeISO, { nullable: true, description: 'When the restriction began.' })
  since: string | null;

  @Field({ description: 'True when the customer asked for erasure and it is not done yet.' })
  erasureRequested: boolean;

  @Field(() => GraphQLDateTimeISO, { nullable: true, description: 'When erasure was requested.' })
  erasureRequestedAt: string | null;
}

@Directive('@inaccessible')
@ObjectType({ description: "The data subject's decisions that govern what may be shown about them." })
export class DataProtectionStatus {
  @Field({
    description:
      'True while processing is restricted or an erasure is pending: ' +
      'personal fields are withheld from everyone but the data-protection officer.',
  })
  restricted: boolean;

  @Directive(listSize.assumed(5))
  @Field(() => [String], { description: 'Topics the customer consented to: email, sms, phone, post, profiling.' })
  consentedTopics: string[];
}
