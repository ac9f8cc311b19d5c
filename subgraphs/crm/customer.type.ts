import { GraphQLDateTimeISO, GraphQLLocalDate } from 'graphql-scalars';
import { Classified } from '../../subgraph-kit/data-protection';
import { CONTACT_PURPOSES } from './protection';
import { Directive, Field, ID, ObjectType } from 'type-graphql';

@Directive('@key(fields: "id")')
@ObjectType({ description: 'A customer, identified by their CRM customer number. Other subgraphs add what their systems know.' })
export class Customer {
  @Field(() => ID, { description: 'CRM customer number.' })
  id: string;

  @Classified({ category: 'IDENTITY', scopes: [['customer:read']] })
  @Field({ nullable: true, description: 'Given name.' })
  firstName: string;

  @Classified({ category: 'IDENTITY', scopes: [['customer:read']] })
  @Field({ nullable: true, description: 'Family name.' })
  lastName: string;

  @Classified({ category: 'IDENTITY', scopes: [['customer:read']] })
  @Field({ nullable: true, description: 'Full name as used in correspondence.' })
  name: string;

  @Classified({
    category: 'CONTACT',
    mask: 'EMAIL',
    scopes: [['contact:read']],
    purposes: CONTACT_PURPOSES,
    consent: { topic: 'email', purposes: ['marketing'] },
  })
  @Field({ nullable: true, description: 'Primary e-mail address.' })
  email: string;

  @Classified({
    category: 'CONTACT',
    mask: 'PHONE',
    scopes: [['contact:read']],
    purposes: CONTACT_PURPOSES,
    consent: { topic: 'phone', purposes: ['marketing'] },
  })
  @Field(() => String, { nullable: true, description: 'Primary phone number, international format.' })
  phone: string | null;

  @Classified({ category: 'IDENTITY', scopes: [['identity:read']], purposes: ['customer_service', 'credit_risk', 'data_protection'] })
  @Field(() => GraphQLLocalDate, { nullable: true, description: 'Date of birth.' })
  dateOfBirth: string | null;

  @Classified({ category: 'IDENTITY', scopes: [['customer:read']] })
  @Field(() => GraphQLDateTimeISO, { nullable: true, description: 'When the customer relationship began.' })
  customerSince: string;

  householdId: string | null;
  restrictedAt: string | null;
  processingRestricted: boolean;
  erasureRequestedAt: string | null;
}
