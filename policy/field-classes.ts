import type { FieldRule } from './field-rules';

/**
 * Every class of personal data a subgraph field can be, in one place: a subgraph
 * classifies a field by naming one of these (`@Classified(CONTACT_MASKED_EMAIL)`),
 * never with a rule of its own. The scopes are those of policy.yaml; what they mean
 * to a caller is said there.
 */

/** Purposes for which contact data may be read at all. */
export const CONTACT_PURPOSES = ['customer_service', 'sales', 'marketing', 'order_delivery', 'data_protection'];

/** Who the customer is: customer number, name, customer-since date, account numbers (and the customer lookups). */
export const IDENTITY: FieldRule = { category: 'IDENTITY', scopes: [['customer:read']] };

/** The household the customer lives in. */
export const IDENTITY_HOUSEHOLD: FieldRule = { category: 'IDENTITY', scopes: [['identity:read']] };

/** Date of birth: only where a purpose needs to tell the person apart or assess them. */
export const IDENTITY_DATE_OF_BIRTH: FieldRule = {
  category: 'IDENTITY',
  scopes: [['identity:read']],
  purposes: ['customer_service', 'credit_risk', 'data_protection'],
};

/** E-mail address, masked unless contact:unmasked; marketing by e-mail needs the customer's consent. */
export const CONTACT_MASKED_EMAIL: FieldRule = {
  category: 'CONTACT',
  mask: 'EMAIL',
  scopes: [['contact:read']],
  purposes: CONTACT_PURPOSES,
  consent: { topic: 'email', purposes: ['marketing'] },
};

/** Phone number, masked unless contact:unmasked; marketing by phone needs the customer's consent. */
export const CONTACT_MASKED_PHONE: FieldRule = {
  category: 'CONTACT',
  mask: 'PHONE',
  scopes: [['contact:read']],
  purposes: CONTACT_PURPOSES,
  consent: { topic: 'phone', purposes: ['marketing'] },
};

/** Postal addresses; marketing by post needs the customer's consent. */
export const CONTACT_POSTAL: FieldRule = {
  category: 'CONTACT',
  scopes: [['contact:read']],
  purposes: CONTACT_PURPOSES,
  consent: { topic: 'post', purposes: ['marketing'] },
};

/** A street line of a postal address, masked unless contact:unmasked. */
export const CONTACT_MASKED_POSTAL_LINE: FieldRule = {
  category: 'CONTACT',
  mask: 'POSTAL_LINE',
  scopes: [['contact:read']],
  purposes: CONTACT_PURPOSES,
};

/**
 * Enquiries from prospects, people who are not (yet) customers (`Query.prospects`, a prospect's name):
 * for selling to them and marketing, and for the data-protection officer. Their e-mail and phone are
 * contact data like a customer's (CONTACT_MASKED_EMAIL, CONTACT_MASKED_PHONE), their contact consent
 * standing for the e-mail, phone and post topics.
 */
export const PROSPECTS: FieldRule = {
  category: 'IDENTITY',
  scopes: [['customer:read', 'contact:read']],
  purposes: ['sales', 'marketing', 'data_protection'],
};

/** What a prospect asked about, when, through which channel, and whether they agreed to be contacted. */
export const PROSPECT_ENQUIRY: FieldRule = { ...PROSPECTS, category: 'BEHAVIOURAL' };

/** The customer's consent choices and whether processing is restricted. */
export const CONSENT_CHOICES: FieldRule = { category: 'BEHAVIOURAL', scopes: [['consent:read']] };

/**
 * Granting and withdrawing a consent (a mutation): support agents on the customer's behalf, and the
 * data-protection officer. Consents are behavioural data, as their reading is.
 */
export const CONSENT_WRITE: FieldRule = {
  category: 'BEHAVIOURAL',
  scopes: [['consent:write']],
  purposes: ['customer_service', 'data_protection'],
};

/** Restricting processing, lifting the restriction and recording a request for erasure (mutations): the data-protection officer. */
export const RESTRICTION_WRITE: FieldRule = { category: 'BEHAVIOURAL', scopes: [['restriction:write']], purposes: ['data_protection'] };

/**
 * Recording a contact with the customer and how a case was resolved (mutations): support agents,
 * who handle them, and the data-protection officer (completing the record for a data subject).
 * Interactions are behavioural data, as their reading is.
 */
export const INTERACTION_WRITE: FieldRule = {
  category: 'BEHAVIOURAL',
  scopes: [['interaction:write']],
  purposes: ['customer_service', 'data_protection'],
};

/**
 * Recording an offer made to the customer and the customer's answer (mutations): sales reps, who
 * make them, for selling, and the data-protection officer (completing the record for a data subject).
 * Not marketing: campaigns reach customers who consented to a channel, and what a campaign offered
 * is the campaign system's to record, not the front line's; marketing reads no offers either.
 */
export const OFFER_WRITE: FieldRule = { category: 'BEHAVIOURAL', scopes: [['offer:write']], purposes: ['sales', 'data_protection'] };

/** What the customer bought and was offered: orders (recent and archived) and offers. */
export const COMMERCE_ACTIVITY: FieldRule = { category: 'BEHAVIOURAL', scopes: [['commerce:read']] };

/** The customer's enquiries, complaints and support cases (recent and archived). */
export const INTERACTION_HISTORY: FieldRule = { category: 'BEHAVIOURAL', scopes: [['interaction:read']] };

/** Invoices and payments (recent and archived). */
export const FINANCIAL: FieldRule = { category: 'FINANCIAL', scopes: [['financial:read']] };

/** The last digits of a payment card, masked unless financial:unmasked. */
export const FINANCIAL_MASKED_CARD: FieldRule = { category: 'FINANCIAL', mask: 'CARD', scopes: [['financial:read']] };

/** An IBAN, masked unless financial:unmasked. */
export const FINANCIAL_MASKED_IBAN: FieldRule = { category: 'FINANCIAL', mask: 'IBAN', scopes: [['financial:read']] };

/** Scores and profitability are profiling: sales and marketing may use them only with the customer's consent. */
export const PROFILING: FieldRule = {
  category: 'PROFILING',
  scopes: [['profiling:read']],
  purposes: ['sales', 'marketing', 'credit_risk', 'data_protection'],
  consent: { topic: 'profiling', purposes: ['sales', 'marketing'] },
};

/**
 * A list of customers chosen by their scores (`Query.customersWhere`): who is in it is itself profiling
 * (a list of the high churn risks says each is one). Profiling's scopes and purposes; its consent rule is
 * applied by the list, not per field: for the purposes PROFILING needs consent for, only customers who gave
 * it are listed (read from the crm's system at the time of the request), and restricted customers only for
 * restricted:read. Filters by risk rating also need what RISK needs.
 */
export const PROFILING_LIST: FieldRule = {
  category: 'PROFILING',
  scopes: [['profiling:read']],
  purposes: PROFILING.purposes,
};

/** Credit and payment risk ratings. */
export const RISK: FieldRule = {
  category: 'RISK',
  scopes: [['risk:read']],
  purposes: ['credit_risk', 'credit_insurance', 'data_protection'],
};

/** The audit trail of who read whose data: only the data-protection officer reads it. */
export const AUDIT: FieldRule = { category: 'BEHAVIOURAL', scopes: [['audit:read']], purposes: ['data_protection'] };

/**
 * A data subject's copy of everything held about them (every category): only for the
 * data-protection officer, who reads restricted customers too.
 */
export const SUBJECT_ACCESS: FieldRule = {
  category: 'IDENTITY',
  scopes: [['audit:read', 'restricted:read']],
  purposes: ['data_protection'],
};

/**
 * The data inventory (`Query.dataInventory`): what is held where, who may read it and who did, as
 * coordinates, roles, client ids and counts, never a customer's value. The data-protection officer
 * reads it to supervise, architects to see what the schema holds; nobody else, for no other purpose.
 */
export const DATA_INVENTORY: FieldRule = {
  category: 'BEHAVIOURAL',
  scopes: [['audit:read'], ['schema:read']],
  purposes: ['data_protection', 'schema_exploration'],
};

/**
 * Finding a customer by what a caller on the line gives (`Query.findCustomers`): support agents for the
 * customer's own enquiry, sales reps (by e-mail only, see the search kinds below) and the data-protection
 * officer. Searching is processing personal data: every search is audited with its kind and its term hashed.
 */
export const CUSTOMER_SEARCH: FieldRule = {
  category: 'IDENTITY',
  scopes: [['customer:read']],
  purposes: ['customer_service', 'sales', 'data_protection'],
};
