import type { ProtectionStatus } from '../../subgraph-kit/auth-checker';
import type { CrmContext } from './loaders';
import type { CustomerRow } from './customer/customer.rows';
import type { ProspectRow } from './prospect/prospect.rows';

/** A prospect's one contact consent stands for every contact topic; a prospect is never restricted (not a Customer). */
const PROSPECT_CONTACT_TOPICS = ['email', 'phone', 'post'];

/**
 * The crm knows restriction and consents first hand (consents through the request's loader).
 * Consents cost a statement per request, so they are looked up only when asked for: most
 * purposes need none (a partner's delivery address does not). Without them the answer is at hand:
 * no promise per field.
 */
export function crmProtectionStatus(
  customer: CustomerRow | ProspectRow,
  ctx: CrmContext,
  withConsents: boolean,
): Promise<ProtectionStatus> | ProtectionStatus {
  if (isProspect(customer)) return { restricted: false, consentedTopics: customer.contactConsent ? PROSPECT_CONTACT_TOPICS : [] };
  const restricted = customer.processingRestricted || customer.erasureRequestedAt !== null;
  if (!withConsents) return { restricted, consentedTopics: [] };
  return ctx.loaders.consents
    .load(customer.id)
    .then((consents) => ({ restricted, consentedTopics: consents.filter((consent) => consent.granted).map((consent) => consent.topic) }));
}

function isProspect(row: CustomerRow | ProspectRow): row is ProspectRow {
  return (row as ProspectRow).kind === 'prospect';
}
