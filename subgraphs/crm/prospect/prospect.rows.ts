/** An enquiry from a prospect, as the OLTP holds it. */
export interface ProspectRow {
  kind: 'prospect';
  id: string;
  name: string;
  email: string;
  phone: string | null;
  product: string;
  enquiredAt: string;
  contactConsent: boolean;
  sourceChannel: string;
}
