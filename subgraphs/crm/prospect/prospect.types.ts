import { GraphQLDateTimeISO } from 'graphql-scalars';
import { Field, ID, ObjectType } from 'type-graphql';
import { CONTACT_MASKED_EMAIL, CONTACT_MASKED_PHONE, PROSPECT_ENQUIRY, PROSPECTS } from '../../../policy/field-classes';
import { Classified } from '../../../subgraph-kit/data-protection';
import { PageInfo } from '../customer/customer-page.type';

@ObjectType({ description: 'Someone who enquired about a product and is not (yet) a customer; not a Customer.' })
export class Prospect {
  @Field(() => ID, { description: 'Number of the enquiry.' })
  id: string;

  @Classified(PROSPECTS)
  @Field(() => String, { nullable: true, description: 'Name as given with the enquiry.' })
  name: string;

  @Classified(CONTACT_MASKED_EMAIL)
  @Field(() => String, { nullable: true, description: 'E-mail address.' })
  email: string;

  @Classified(CONTACT_MASKED_PHONE)
  @Field(() => String, { nullable: true, description: 'Phone number, if given.' })
  phone: string | null;

  @Classified(PROSPECT_ENQUIRY)
  @Field(() => String, { nullable: true, description: 'The product asked about.' })
  product: string;

  @Classified(PROSPECT_ENQUIRY)
  @Field(() => GraphQLDateTimeISO, { nullable: true, description: 'When the enquiry came in.' })
  enquiredAt: string;

  @Classified(PROSPECT_ENQUIRY)
  @Field(() => Boolean, {
    nullable: true,
    description: 'Whether they agreed to be contacted (by e-mail, phone and post alike: the enquiry asks once).',
  })
  contactConsent: boolean;

  @Classified(PROSPECT_ENQUIRY)
  @Field(() => String, { nullable: true, description: 'Where the enquiry came from: web_form, phone, store or trade_fair.' })
  sourceChannel: string;
}

@ObjectType({ description: 'A page of prospects in enquiry-number order.' })
export class ProspectPage {
  @Field(() => [Prospect], { description: 'The prospects of this page.' })
  nodes: Prospect[];

  @Field(() => PageInfo, { description: 'How to continue.' })
  pageInfo: PageInfo;
}
