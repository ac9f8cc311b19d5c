import { callerOf } from '../contracts/principal';
import { consentNeeded, mayRead, restrictionApplies as restrictionAppliesTo } from '../policy/access';
import type { FieldRule } from '../policy/field-rules';
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

/** A classified field's check on one object: true, or a promise of true; a refusal throws (or rejects). */
export type FieldCheck = (root: unknown, context: SubgraphContext<unknown>) => true | Promise<true>;

/**
 * The subgraph's own re-check of one classified field (defence in depth behind the gateway):
 * scopes and purpose, then — for a customer's fields — restriction of processing and the consent
 * the purpose needs. Synchronous unless the customer's status must be looked up: most reads (any
 * unrestricted field, the holder of restricted:read) cost no promise, and none costs a middleware chain.
 */
export function createFieldCheck(rule: FieldRule, typeName: string, statusOf: StatusOf): FieldCheck {
  return (root, context) => {
    const caller = callerOf(context.principal);
    if (!mayRead(rule, caller)) throw new ForbiddenFieldError();
    const topic = consentNeeded(rule, caller);
    const restrictionApplies = restrictionAppliesTo(typeName, caller);
    if (!restrictionApplies && !topic) return true;
    const verdict = (status: ProtectionStatus | null): true => {
      // Without the status (or with something that is not one) nothing can be shown safely.
      if (!status || typeof status.restricted !== 'boolean' || !Array.isArray(status.consentedTopics))
        throw new ForbiddenFieldError("The customer's data-protection status is unknown");
      if (restrictionApplies && status.restricted) throw new ProcessingRestrictedError();
      if (topic && !status.consentedTopics.includes(topic)) throw new ConsentRequiredError(topic);
      return true;
    };
    const status = statusOf(root, context, topic !== undefined);
    // Any thenable is waited for, not only a native promise: read as a status, it would look unrestricted.
    return isThenable(status) ? Promise.resolve(status).then(verdict) : verdict(status);
  };
}

function isThenable(value: unknown): value is PromiseLike<ProtectionStatus | null> {
  return typeof (value as { then?: unknown } | null)?.then === 'function';
}
