import { GraphQLDateTimeISO } from 'graphql-scalars';
import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { ConsentTopic } from '../enums';

/** Values are the codes the request log stores; names are what the API shows. */
export enum DataSubjectRequestKind {
  GRANT_CONSENT = 'grant_consent',
  WITHDRAW_CONSENT = 'withdraw_consent',
  RESTRICT_PROCESSING = 'restrict_processing',
  LIFT_RESTRICTION = 'lift_restriction',
  REQUEST_ERASURE = 'request_erasure',
}

registerEnumType(DataSubjectRequestKind, {
  name: 'DataSubjectRequestKind',
  description: 'Which right of the data subject a request exercised.',
  valuesConfig: {
    GRANT_CONSENT: { description: 'The customer gave their consent to a topic.' },
    WITHDRAW_CONSENT: { description: 'The customer withdrew their consent to a topic.' },
    RESTRICT_PROCESSING: { description: 'The customer asked to restrict the processing of their data.' },
    LIFT_RESTRICTION: { description: 'The restriction of processing was lifted.' },
    REQUEST_ERASURE: { description: 'The customer asked for their data to be erased; it is pending until done.' },
  },
});

@ObjectType({
  description:
    'A data-subject request as the CRM recorded it, in the same transaction as the change it made. ' +
    'Sent again with the same idempotency key, the first recording comes back (`replayed: true`) and nothing is applied twice.',
})
export class DataSubjectRequest {
  @Field(() => ID, { description: 'Number of the request in the request log.' })
  id: string;

  @Field(() => DataSubjectRequestKind, { description: 'Which right the request exercised.' })
  kind: DataSubjectRequestKind;

  @Field(() => ConsentTopic, { nullable: true, description: 'The consent topic, for a grant or withdrawal; null otherwise.' })
  topic: ConsentTopic | null;

  @Field({ description: 'Why the request was made: free text or a case reference, as sent.' })
  reason: string;

  @Field(() => GraphQLDateTimeISO, { description: 'When the request was recorded (and applied).' })
  recordedAt: string;

  @Field({ description: 'True when this answer is the first recording of a request sent again with the same idempotency key.' })
  replayed: boolean;

  /** The customer the request is about; resolved by `customer`. */
  customerId: string;
}
