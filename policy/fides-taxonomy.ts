import type { Category, FieldRule } from './field-rules';

/**
 * Our vocabulary in the Fides privacy taxonomy (fideslang 3: data categories and data uses), so
 * the data inventory can be loaded into privacy tools. A field gets the most precise category its
 * name or mask tells; any other field of a category gets that category's general key.
 */
const BY_CATEGORY: Record<Category, string> = {
  IDENTITY: 'user.unique_id',
  CONTACT: 'user.contact',
  FINANCIAL: 'user.financial',
  BEHAVIOURAL: 'user.behavior',
  PROFILING: 'user.demographic.profile',
  RISK: 'user.financial',
  SPECIAL: 'user.demographic.protected_classifications',
};

const BY_MASK: Record<NonNullable<FieldRule['mask']>, string> = {
  EMAIL: 'user.contact.email',
  PHONE: 'user.contact.phone_number',
  POSTAL_LINE: 'user.contact.address.street',
  IBAN: 'user.financial.bank_account',
  CARD: 'user.financial.credit_card',
};

/** Field names whose meaning is the same wherever they stand. */
const BY_FIELD_NAME: Record<string, string> = {
  name: 'user.name',
  firstName: 'user.name.first',
  lastName: 'user.name.last',
  dateOfBirth: 'user.demographic.date_of_birth',
  addresses: 'user.contact.address',
  orders: 'user.behavior.purchase_history',
  archivedOrders: 'user.behavior.purchase_history',
  consents: 'user.privacy_preferences',
  restriction: 'user.privacy_preferences',
  accessLog: 'system.operations',
};

/** The Fides data category of a classified field. */
export function fidesDataCategory(coordinate: string, rule: FieldRule): string {
  const fieldName = coordinate.split('.')[1];
  if (rule.mask) return BY_MASK[rule.mask];
  return BY_FIELD_NAME[fieldName] ?? BY_CATEGORY[rule.category];
}

/** Each purpose of the policy as a Fides data use (the closest one; the partners' purposes share data with a third party). */
export const FIDES_DATA_USES: Record<string, string> = {
  customer_service: 'essential.service.operations.support',
  sales: 'sales',
  marketing: 'marketing.communications',
  credit_risk: 'essential.fraud_detection',
  data_protection: 'essential.legal_obligation',
  order_delivery: 'third_party_sharing',
  credit_insurance: 'third_party_sharing',
  schema_exploration: 'functional.service.improve',
};

/** The Fides data use of a purpose; a purpose the table does not know is named as it is, for a reviewer to map. */
export function fidesDataUse(purpose: string): string {
  return FIDES_DATA_USES[purpose] ?? `unmapped:${purpose}`;
}
