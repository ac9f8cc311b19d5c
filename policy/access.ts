import type { Caller } from '../contracts/principal';
import type { FieldRule, FieldRules } from './field-rules';
import type { Policy } from './policy';

/** Callers holding it may read customers whose processing is restricted (the data-protection officer); tests grant it by name. */
export const RESTRICTED_READ_SCOPE = 'restricted:read';

/** May the caller read the field at all (scopes and purpose)? */
export function mayRead(rule: FieldRule, caller: Caller): boolean {
  // A classified field without scope sets is readable by nobody: a missing @access fails closed.
  const hasScopes = rule.scopes.some((set) => set.every((scope) => caller.scopes.has(scope)));
  const forPurpose = !rule.purposes || rule.purposes.includes(caller.purpose);
  return hasScopes && forPurpose;
}

/** Does the caller see the field masked? */
export function isMasked(rule: FieldRule, caller: Caller, policy: Policy): boolean {
  if (!rule.mask) return false;
  const unmaskScope = policy.masking[rule.category.toLowerCase()];
  return unmaskScope !== undefined && !caller.scopes.has(unmaskScope);
}

/** The consent topic the data subject must have granted for this caller's purpose, if any. */
export function consentNeeded(rule: FieldRule, caller: Caller): string | undefined {
  return rule.consent?.purposes.includes(caller.purpose) ? rule.consent.topic : undefined;
}

/** Is the field withheld from this caller while the customer's processing is restricted? */
export function restrictionApplies(parentType: string, caller: Caller): boolean {
  return parentType === 'Customer' && !caller.scopes.has(RESTRICTED_READ_SCOPE);
}

/** The sentence appended to a classified field's description (generated, so it cannot drift). */
export function describeRule(rule: FieldRule, parentType: string): string {
  const who = rule.scopes.length === 0 ? 'any caller' : rule.scopes.map((set) => set.join(' + ')).join(' or ');
  const parts =
    parentType === 'Mutation'
      ? [`Changes personal data (${rule.category.toLowerCase()}). Allowed with ${who}`]
      : [`Personal data (${rule.category.toLowerCase()}). Readable with ${who}`];
  if (rule.purposes) parts[0] += ` for the purposes ${rule.purposes.join(', ')}`;
  if (rule.mask) parts.push(`masked (${rule.mask.toLowerCase()}) unless the caller may see it in full`);
  if (rule.consent) parts.push(`needs the customer's ${rule.consent.topic} consent for ${rule.consent.purposes.join(', ')}`);
  if (parentType === 'Customer') parts.push("null with PROCESSING_RESTRICTED while the customer's processing is restricted");
  return `${parts.join('; ')}.`;
}

/**
 * Checks the rules the schema declares against the policy file: every scope and
 * purpose they name must exist, so a typo cannot silently open or close a field.
 */
export function checkRulesAgainstPolicy(rules: FieldRules, policy: Policy): string[] {
  const problems: string[] = [];
  if (rules.size === 0) problems.push('the schema classifies no field at all');
  for (const [coordinate, rule] of rules) {
    if (rule.scopes.length === 0) problems.push(`${coordinate} has no @access scopes`);
    for (const scope of rule.scopes.flat())
      if (!(scope in policy.scopes)) problems.push(`${coordinate} names an undeclared scope "${scope}"`);
    for (const purpose of [...(rule.purposes ?? []), ...(rule.consent?.purposes ?? [])]) {
      if (!(purpose in policy.purposes)) problems.push(`${coordinate} names an undeclared purpose "${purpose}"`);
    }
  }
  return problems;
}

/**
 * The most customers one request may return for a caller serving `purpose`: the cap of
 * the role that serves it (the smallest, should several), and none for a purpose no role serves.
 */
export function customerCap(policy: Policy, purpose: string): number {
  const caps = Object.values(policy.roles)
    .filter((role) => role.purposes.includes(purpose))
    .map((role) => role.maxCustomers);
  return caps.length > 0 ? Math.min(...caps) : 0;
}
