import type { ProtectionStatus } from '../../resolvers/auth-checker';
import type { CrmContext } from './crm.loaders';
import type { Customer } from './customer.type';

/** Purposes for which contact data may be read at all. */
export const CONTACT_PURPOSES = ['customer_service', 'sales', 'marketing', 'order_delivery', 'data_protection'];

/** The crm knows restriction and consents first hand (consents through the request's loader). */
export async function crmProtectionStatus(customer: Customer, ctx: CrmContext): Promise<ProtectionStatus> {
  const consents = await ctx.loaders.consents.load(customer.id);
  return {
    restricted: customer.processingRestricted || customer.erasureRequestedAt !== null,
    consentedTopics: consents.filter((consent) => consent.granted).map((consent) => consent.topic),
  };
}
