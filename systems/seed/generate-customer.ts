import { addDays, addMonths, type Calendar, monthKey, sqlDate, sqlDateTime, startOfMonth } from './calendar';
import { type CustomerProfile, drawProfile } from './customer-profile';
import { customerNumber } from './customer-number';
import { customerSearchKeys } from '../oltp/search-keys';
import { Random } from './random';
import type { SystemBuffers } from './row-buffer';
import {
  BUSINESS_UNITS,
  CHANNEL_COST,
  CHANNELS,
  CITIES,
  CONSENT_TOPICS,
  EMAIL_DOMAINS,
  FIRST_NAMES,
  INTERACTION_SUBJECTS,
  LAST_NAMES,
  OFFER_PRODUCTS,
  PRODUCTS,
  RESOLUTIONS,
  STREETS,
} from './vocabulary';

export interface GenerationContext {
  seed: string;
  calendar: Calendar;
  /** Index of the run's first customer (households span neighbours). */
  firstIndex: number;
}

interface Account {
  id: number;
  number: string;
  businessUnit: string;
}

/** What the warehouse learns about a customer: money and contacts over time. */
interface LedgerEntry {
  at: Date;
  revenue: number;
  margin: number;
  order: boolean;
  contactCost: number;
  channel?: string;
  complaint: boolean;
}

const CURRENCY = 'EUR';
const MAX_CHILDREN = 99;

/**
 * Writes every row that the three systems hold about one customer. Child ids are
 * derived from the customer number, so rows never need to be read back.
 */
export function generateCustomer(index: number, ctx: GenerationContext, out: SystemBuffers): void {
  const id = customerNumber(index);
  const random = new Random(ctx.seed, 'customer', id);
  const profile = drawProfile(random);
  const { calendar } = ctx;
  const since = calendar.between(calendar.historyStart, random.next() ** 1.3, addDays(calendar.asOf, -30));

  const household = householdOf(index, ctx);
  const firstName = random.pick(FIRST_NAMES);
  const lastName = household?.familyName ?? random.pick(LAST_NAMES);
  if (household?.createdHere) {
    out.oltp.add('households', { id: household.id, name: `${household.familyName} household`, created_at: sqlDateTime(since) });
  }
  const email = `${asciiSlug(firstName)}.${asciiSlug(lastName)}.${id}@${random.pick(EMAIL_DOMAINS)}`;
  const phone = random.chance(0.9) ? `+49 ${random.int(30, 89)} ${random.int(1000000, 9999999)}` : null;
  out.oltp.add('customers', {
    id,
    household_id: household?.id ?? null,
    first_name: firstName,
    last_name: lastName,
    email,
    phone,
    ...customerSearchKeys({ first_name: firstName, last_name: lastName, email, phone }),
    date_of_birth: sqlDate(new Date(Date.UTC(random.int(1945, 2006), random.int(0, 11), random.int(1, 28)))),
    processing_restricted: profile.restricted,
    restricted_at: profile.restricted ? sqlDateTime(calendar.between(since, random.next())) : null,
    erasure_requested_at: profile.erasureRequested ? sqlDateTime(calendar.between(since, random.next())) : null,
    created_at: sqlDateTime(since),
  });

  const accounts = generateAccounts(id, profile, since, random, ctx, out);
  generateAddresses(id, random, out);
  generateConsents(id, profile, since, random, ctx, out);
  const ledger: LedgerEntry[] = [];
  generateOrders(id, profile, since, accounts, random, ctx, out, ledger);
  generateInteractions(id, profile, since, accounts, random, ctx, out, ledger);
  generateOffers(id, profile, random, ctx, out);
  generateWarehouseFacts(index, id, profile, since, random, ctx, out, ledger);
}

function householdOf(index: number, ctx: GenerationContext) {
  const pair = Math.floor(index / 2);
  const random = new Random(ctx.seed, 'household', pair);
  if (!random.chance(0.3)) return undefined;
  const firstMember = Math.max(pair * 2, ctx.firstIndex);
  return { id: pair, familyName: random.pick(LAST_NAMES), createdHere: index === firstMember };
}

function generateAccounts(
  id: number,
  profile: CustomerProfile,
  since: Date,
  random: Random,
  ctx: GenerationContext,
  out: SystemBuffers,
): Account[] {
  const units = random.shuffle(BUSINESS_UNITS).slice(0, profile.accountCount);
  return units.map((unit, k) => {
    const accountId = id * 10 + k;
    const account = { id: accountId, number: `${unit.prefix}-${String(accountId).padStart(10, '0')}`, businessUnit: unit.name };
    const status = random.chance(0.92) ? 'active' : 'closed';
    const opened = k === 0 ? since : ctx.calendar.between(since, random.next());
    out.oltp.add('accounts', {
      id: accountId,
      customer_id: id,
      account_number: account.number,
      business_unit: unit.name,
      status,
      opened_at: sqlDate(opened),
    });
    generateLegacyAccount(account, unit.prefix, opened, ctx, out);
    return account;
  });
}

/**
 * Accounts opened before the OLTP's history began were renumbered when they moved into it; most of
 * them kept their old number in the archive. Drawn from their own stream, so every other row stays
 * as it was before legacy numbers existed.
 */
function generateLegacyAccount(account: Account, prefix: string, opened: Date, ctx: GenerationContext, out: SystemBuffers): void {
  const { calendar } = ctx;
  const random = new Random(ctx.seed, 'legacy-account', account.id);
  if (!calendar.isArchived(opened) || !random.chance(0.7)) return;
  out.archive.add('legacy_accounts', {
    legacy_account_number: legacyAccountNumber(prefix, account.id),
    account_number: account.number,
    renumbered_on: sqlDate(calendar.between(opened, random.next(), calendar.retentionCutoff)),
  });
}

/** The old systems' form: unit, slash, seven digits ("RT/0004711"); never the form of a current number. */
export function legacyAccountNumber(prefix: string, accountId: number): string {
  return `${prefix}/${String(accountId - 10_000_000).padStart(7, '0')}`;
}

function generateAddresses(id: number, random: Random, out: SystemBuffers): void {
  const kinds = ['home', ...(random.chance(0.4) ? ['delivery'] : []), ...(random.chance(0.2) ? ['billing'] : [])];
  kinds.forEach((kind, k) => {
    const place = random.pick(CITIES);
    out.oltp.add('addresses', {
      id: id * 10 + k,
      customer_id: id,
      kind,
      line1: `${random.pick(STREETS)} ${random.int(1, 180)}`,
      line2: random.chance(0.15) ? `Apartment ${random.int(1, 40)}` : null,
      postal_code: `${place.postal}${String(random.int(100, 999))}`,
      city: place.city,
      country: place.country,
    });
  });
}

function generateConsents(
  id: number,
  profile: CustomerProfile,
  since: Date,
  random: Random,
  ctx: GenerationContext,
  out: SystemBuffers,
): void {
  for (const topic of CONSENT_TOPICS) {
    const granted = topic === 'profiling' ? profile.profilingConsent : profile.marketingConsent && random.chance(0.85);
    out.oltp.add('consents', { customer_id: id, topic, granted, recorded_at: sqlDateTime(ctx.calendar.between(since, random.next())) });
  }
}

function generateOrders(
  id: number,
  profile: CustomerProfile,
  since: Date,
  accounts: Account[],
  random: Random,
  ctx: GenerationContext,
  out: SystemBuffers,
  ledger: LedgerEntry[],
): void {
  const { calendar } = ctx;
  const years = (calendar.asOf.getTime() - since.getTime()) / (365 * 86_400_000);
  const count = Math.min(MAX_CHILDREN, Math.round(random.int(...profile.traits.ordersPerYear) * years));
  const paysByCard = random.chance(0.6);
  const cardLast4 = String(random.int(0, 9999)).padStart(4, '0');
  const iban = `DE${String(random.int(10, 99))}${String(random.int(10000000, 99999999))}${String(random.int(1000000000, 9999999999))}`;
  for (let k = 0; k < count; k++) {
    const orderId = id * 100 + k;
    const placed = calendar.between(since, random.next());
    const account = random.pick(accounts);
    const lines = Array.from({ length: random.int(...profile.traits.linesPerOrder) }, (_, lineNo) => {
      const product = random.pick(PRODUCTS);
      return {
        order_id: orderId,
        line_no: lineNo + 1,
        sku: product.sku,
        description: product.description,
        quantity: random.int(1, 3),
        unit_price: Math.round(product.price * profile.traits.priceFactor * (0.8 + random.next() * 0.4) * 100) / 100,
      };
    });
    const total = Math.round(lines.reduce((sum, line) => sum + line.quantity * line.unit_price, 0) * 100) / 100;
    const cancelled = random.chance(0.03);
    const margin = cancelled ? 0 : Math.round(total * profile.traits.marginRate * (0.6 + random.next() * 0.8) * 100) / 100;
    ledger.push({ at: placed, revenue: cancelled ? 0 : total, margin, order: !cancelled, contactCost: 0, complaint: false });
    const orderNumber = `O-${orderId}`;
    const invoiceNumber = `I-${orderId}`;

    if (calendar.isArchived(placed)) {
      out.archive.add('archived_orders', {
        id: orderId,
        account_number: account.number,
        order_number: orderNumber,
        placed_at: sqlDateTime(placed),
        status: cancelled ? 'cancelled' : 'completed',
        total_amount: total,
        currency: CURRENCY,
        line_count: lines.length,
      });
      if (!cancelled) {
        out.archive.add('archived_invoices', {
          id: orderId,
          account_number: account.number,
          invoice_number: invoiceNumber,
          issued_on: sqlDate(placed),
          amount: total,
          currency: CURRENCY,
          status: 'paid',
        });
      }
      continue;
    }

    const ageDays = (calendar.asOf.getTime() - placed.getTime()) / 86_400_000;
    const status = cancelled ? 'cancelled' : ageDays < 7 ? 'open' : ageDays < 14 ? 'shipped' : 'completed';
    out.oltp.add('orders', {
      id: orderId,
      customer_id: id,
      account_id: account.id,
      order_number: orderNumber,
      placed_at: sqlDateTime(placed),
      status,
      total_amount: total,
      currency: CURRENCY,
    });
    for (const line of lines) out.oltp.add('order_lines', line);
    if (cancelled) continue;

    const defaulted = profile.archetype === 'turned_bad' && ageDays < 270 && random.chance(0.6);
    const invoiceStatus = defaulted ? (ageDays > 30 ? 'overdue' : 'open') : ageDays < 10 ? 'open' : 'paid';
    out.oltp.add('invoices', {
      id: orderId,
      customer_id: id,
      order_id: orderId,
      invoice_number: invoiceNumber,
      issued_on: sqlDate(placed),
      due_on: sqlDate(addDays(placed, 30)),
      amount: total,
      currency: CURRENCY,
      status: invoiceStatus,
    });
    if (invoiceStatus === 'paid') {
      out.oltp.add('payments', {
        id: orderId,
        customer_id: id,
        invoice_id: orderId,
        paid_at: sqlDateTime(addDays(placed, random.int(0, 25))),
        amount: total,
        currency: CURRENCY,
        method: paysByCard ? 'card' : 'sepa',
        card_last4: paysByCard ? cardLast4 : null,
        iban: paysByCard ? null : iban,
      });
    }
  }
}

function generateInteractions(
  id: number,
  profile: CustomerProfile,
  since: Date,
  accounts: Account[],
  random: Random,
  ctx: GenerationContext,
  out: SystemBuffers,
  ledger: LedgerEntry[],
): void {
  const { calendar } = ctx;
  const years = (calendar.asOf.getTime() - since.getTime()) / (365 * 86_400_000);
  const count = Math.min(MAX_CHILDREN, Math.round(random.int(...profile.traits.contactsPerYear) * years));
  for (let k = 0; k < count; k++) {
    const interactionId = id * 100 + k;
    const occurred = calendar.between(since, random.next());
    const kind = random.chance(profile.traits.complaintShare) ? 'complaint' : random.chance(0.6) ? 'enquiry' : 'support_case';
    const channel = random.weighted<(typeof CHANNELS)[number]>([
      ['phone', 35],
      ['email', 30],
      ['chat', 25],
      ['store', 10],
    ]);
    const [low, high] = CHANNEL_COST[channel];
    const cost = Math.round(random.amount(low, high) * (kind === 'complaint' ? 1.5 : 1) * 100) / 100;
    const account = random.pick(accounts);
    const open = (calendar.asOf.getTime() - occurred.getTime()) / 86_400_000 < 10 && random.chance(0.5);
    const row = {
      id: interactionId,
      kind,
      channel,
      occurred_at: sqlDateTime(occurred),
      subject: random.pick(INTERACTION_SUBJECTS[kind]),
      status: open ? 'open' : kind === 'enquiry' ? 'closed' : 'resolved',
      resolution: open || kind === 'enquiry' ? null : random.pick(RESOLUTIONS),
      handling_cost: cost,
    };
    ledger.push({ at: occurred, revenue: 0, margin: 0, order: false, contactCost: cost, channel, complaint: kind === 'complaint' });
    if (calendar.isArchived(occurred)) {
      out.archive.add('archived_interactions', { ...row, account_number: account.number });
    } else {
      out.oltp.add('interactions', { ...row, customer_id: id, business_unit: account.businessUnit });
    }
  }
}

function generateOffers(id: number, profile: CustomerProfile, random: Random, ctx: GenerationContext, out: SystemBuffers): void {
  const count = random.int(0, profile.archetype === 'bargain_hunter' ? 6 : 3);
  for (let k = 0; k < count; k++) {
    const offered = ctx.calendar.between(ctx.calendar.retentionCutoff, random.next());
    const response =
      profile.archetype === 'bargain_hunter'
        ? random.weighted<string | null>([
            ['interested', 4],
            ['accepted', 1],
            ['declined', 3],
            [null, 1],
          ])
        : random.weighted<string | null>([
            ['interested', 1],
            ['accepted', 1],
            ['declined', 4],
            [null, 2],
          ]);
    out.oltp.add('offers', {
      id: id * 100 + k,
      customer_id: id,
      product: random.pick(OFFER_PRODUCTS),
      channel: random.pick(['email', 'phone', 'post', 'store']),
      offered_at: sqlDateTime(offered),
      response,
      responded_at: response ? sqlDateTime(addDays(offered, random.int(1, 20))) : null,
    });
  }
}

/** Dates on which the warehouse scored every customer (one load each). */
export function scoringDates(calendar: Calendar): Date[] {
  return [addMonths(calendar.asOf, -18), addMonths(calendar.asOf, -12), addMonths(calendar.asOf, -6), addDays(calendar.asOf, -1)];
}

function generateWarehouseFacts(
  index: number,
  id: number,
  profile: CustomerProfile,
  since: Date,
  random: Random,
  ctx: GenerationContext,
  out: SystemBuffers,
  ledger: LedgerEntry[],
): void {
  const { calendar } = ctx;
  const customerKey = index;
  out.warehouse.add('dim_customer', {
    customer_key: customerKey,
    crm_customer_id: String(id),
    region: random.pick(CITIES).country,
    first_seen_on: sqlDate(since),
  });

  const months = new Map<number, { revenue: number; margin: number; orders: number; contacts: number; complaints: number; cost: number }>();
  const contactCosts = new Map<string, { month: number; channel: number; contacts: number; cost: number }>();
  for (const entry of ledger) {
    if (entry.at < calendar.retentionCutoff || entry.at >= startOfMonth(calendar.asOf)) continue;
    const month = monthKey(entry.at);
    const fact = months.get(month) ?? { revenue: 0, margin: 0, orders: 0, contacts: 0, complaints: 0, cost: 0 };
    fact.revenue += entry.revenue;
    fact.margin += entry.margin;
    fact.orders += entry.order ? 1 : 0;
    if (entry.channel) {
      fact.contacts += 1;
      fact.complaints += entry.complaint ? 1 : 0;
      fact.cost += entry.contactCost;
      const channel = CHANNELS.indexOf(entry.channel as (typeof CHANNELS)[number]) + 1;
      const key = `${month}:${channel}`;
      const cost = contactCosts.get(key) ?? { month, channel, contacts: 0, cost: 0 };
      cost.contacts += 1;
      cost.cost += entry.contactCost;
      contactCosts.set(key, cost);
    }
    months.set(month, fact);
  }
  for (const [month, fact] of months) {
    out.warehouse.add('fact_customer_month', {
      customer_key: customerKey,
      month_key: month,
      revenue: cents(fact.revenue),
      margin: cents(fact.margin),
      orders: fact.orders,
      contacts: fact.contacts,
      complaints: fact.complaints,
      cost_to_serve: cents(fact.cost),
    });
  }
  for (const cost of contactCosts.values()) {
    out.warehouse.add('fact_contact_cost', {
      customer_key: customerKey,
      month_key: cost.month,
      channel_key: cost.channel,
      contacts: cost.contacts,
      cost: cents(cost.cost),
    });
  }

  let rating = 'good';
  let ratingSince = since;
  scoringDates(calendar).forEach((scoredOn, k) => {
    if (scoredOn < since) return;
    const yearBefore = addMonths(scoredOn, -12);
    let lifetime = 0;
    let lastYearProfit = 0;
    for (const entry of ledger) {
      if (entry.at > scoredOn) continue;
      const profit = entry.margin - entry.contactCost;
      lifetime += profit;
      if (entry.at > yearBefore) lastYearProfit += profit;
    }
    const next = riskRatingAt(profile, k);
    if (next !== rating) {
      rating = next;
      ratingSince = addDays(scoredOn, -random.int(5, 40));
    }
    const churn = Math.min(0.99, Math.max(0.01, baseChurn(profile) + (random.next() - 0.5) * 0.1));
    out.warehouse.add('fact_customer_score', {
      customer_key: customerKey,
      scored_on: sqlDate(scoredOn),
      load_key: k + 1,
      segment: profile.traits.segment,
      value_tier: lastYearProfit > 150 ? 'good' : lastYearProfit >= 0 ? 'marginal' : 'unprofitable',
      lifetime_value: cents(lifetime),
      churn_risk: Math.round(churn * 10_000) / 10_000,
      risk_rating: rating,
      risk_since: sqlDate(ratingSince < since ? since : ratingSince),
    });
  });
}

function riskRatingAt(profile: CustomerProfile, scoring: number): string {
  if (profile.archetype === 'turned_bad') return scoring < 2 ? 'good' : scoring === 2 ? 'watch' : 'bad';
  if (profile.archetype === 'serial_complainer' && scoring >= 2) return 'watch';
  return 'good';
}

function baseChurn(profile: CustomerProfile): number {
  return { vip: 0.05, bargain_hunter: 0.45, serial_complainer: 0.6, turned_bad: 0.7, regular: 0.2 }[profile.archetype];
}

function cents(value: number): number {
  return Math.round(value * 100) / 100;
}

function asciiSlug(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[^A-Za-z]/g, '')
    .toLowerCase();
}
