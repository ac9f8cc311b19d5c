import { addDays, type Calendar, sqlDateTime } from './calendar';
import { Random } from './random';
import { EMAIL_DOMAINS, FIRST_NAMES, LAST_NAMES, OFFER_PRODUCTS } from './vocabulary';

/** How many enquiries from prospects every seeded OLTP holds, whatever its number of customers. */
export const PROSPECT_COUNT = 300;

/** Prospects are numbered apart from customers (who start at 1000001). */
export const FIRST_PROSPECT_ID = 9_000_001;

/** The channels enquiries arrive through. */
export const PROSPECT_SOURCES = ['web_form', 'phone', 'store', 'trade_fair'] as const;

/**
 * The prospects' rows: their own random stream per prospect (seed, 'prospect', number), so adding
 * them changed none of the customers' values, and a prospect is the same for a seed however many
 * customers are seeded. Enquiries fall in the last 180 days before the calendar's as-of day; about
 * 55 % agreed to be contacted.
 */
type ProspectRow = Record<string, string | number | boolean | null>;

export function generateProspects(seed: string, calendar: Calendar, count = PROSPECT_COUNT): ProspectRow[] {
  const rows: ProspectRow[] = [];
  for (let k = 0; k < count; k++) {
    const id = FIRST_PROSPECT_ID + k;
    const random = new Random(seed, 'prospect', id);
    const firstName = random.pick(FIRST_NAMES);
    const lastName = random.pick(LAST_NAMES);
    const minutes = random.int(0, 180 * 24 * 60 - 1);
    rows.push({
      id,
      name: `${firstName} ${lastName}`,
      email: `${slug(firstName)}.${slug(lastName)}.p${id}@${random.pick(EMAIL_DOMAINS)}`,
      phone: random.chance(0.7) ? `+49 ${random.int(30, 89)} ${random.int(1000000, 9999999)}` : null,
      product: random.pick(OFFER_PRODUCTS),
      enquired_at: sqlDateTime(new Date(addDays(calendar.asOf, -180).getTime() + minutes * 60_000)),
      contact_consent: random.chance(0.55),
      source_channel: random.pick(PROSPECT_SOURCES),
    });
  }
  return rows;
}

function slug(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/ß/g, 'ss')
    .toLowerCase()
    .replace(/[^a-z]/g, '');
}
