import type { AuthChecker } from 'type-graphql';
import { callerOf } from '../contracts/principal';
import { consentNeeded, mayRead, restrictionApplies as restrictionAppliesTo } from '../policy/access';
import type { FieldRules } from '../policy/field-rules';
import type { SubgraphContext } from './context';
import { ConsentRequiredError, ForbiddenFieldError, ProcessingRestrictedError } from '../contracts/errors';

/** What the data subject decided: restriction of processing, and the consents granted. */
export interface ProtectionStatus {
  restricted: boolean;
  consentedTopics: string[];
}

/**
 * Finds the status of the customer a field belongs to (crm reads it; others get it via
 * `@requires`). With `withConsents` false only `restricted` is read, so a source may skip
 * looking the consents up.
 */
export type StatusOf = (
  // biome-ignore lint/suspicious/noExplicitAny: each subgraph's source takes its own customer type
  customer: any,
  // biome-ignore lint/suspicious/noExplicitAny: and its own loaders
  context: SubgraphContext<any>,
  withConsents: boolean,
) => Promise<ProtectionStatus | null> | ProtectionStatus | null;

/**
 * The subgraph's own re-check of every classified field (defence in depth behind the
 * gateway): scopes and purpose, then — for a customer's fields — restriction of
 * processing and the consent the purpose needs.
 */
export function createAuthChecker(rulesOf: () => FieldRules, statusOf: StatusOf): AuthChecker<SubgraphContext<unknown>> {
  return async ({ root, context, info }) => {
    const rule = rulesOf().get(`${info.parentType.name}.${info.fieldName}`);
    if (!rule) return true;
    const caller = callerOf(context.principal);
    if (!mayRead(rule, caller)) throw new ForbiddenFieldError();
    const topic = consentNeeded(rule, caller);
    const restrictionApplies = restrictionAppliesTo(info.parentType.name, caller);
    if (!restrictionApplies && !topic) return true;
    const status = await statusOf(root, context, topic !== undefined);
    // Without the status nothing can be shown safely.
    if (!status) throw new ForbiddenFieldError("The customer's data-protection status is unknown");
    if (restrictionApplies && status.restricted) throw new ProcessingRestrictedError();
    if (topic && !status.consentedTopics.includes(topic)) throw new ConsentRequiredError(topic);
    return true;
  };
}
