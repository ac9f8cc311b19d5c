import { Directive, Field, ObjectType } from 'type-graphql';
import type { ProtectionStatus } from './auth-checker';

/**
 * The crm's `DataProtectionStatus` as the other subgraphs see it: they `@require` it
 * so that they apply restriction and consent to their own fields without a second
 * copy of either.
 */
@ObjectType({ description: "The data subject's decisions that govern what may be shown about them." })
export class DataProtectionStatus implements ProtectionStatus {
  @Directive('@external')
  @Field({ description: 'True while processing is restricted or an erasure is pending.' })
  restricted: boolean;

  @Directive('@external')
  @Field(() => [String], { description: 'Topics the customer consented to: email, sms, phone, post, profiling.' })
  consentedTopics: string[];
}

/** The `@requires` selection that brings the status along with a customer reference. */
export const DATA_PROTECTION_SELECTION = 'dataProtection { restricted consentedTopics }';

/** For subgraphs that received the status through `@requires`. */
export function requiredProtectionStatus(customer: { dataProtection?: ProtectionStatus }): ProtectionStatus | null {
  return customer.dataProtection ?? null;
}
