import type { Random } from './random';

/**
 * The kinds of customer a real book of business holds. Each drives how much a
 * customer buys, how often they get in touch, and how the warehouse scores them.
 */
type Archetype = 'vip' | 'bargain_hunter' | 'serial_complainer' | 'turned_bad' | 'regular';

interface ArchetypeTraits {
  segment: string;
  ordersPerYear: [number, number];
  linesPerOrder: [number, number];
  priceFactor: number;
  marginRate: number;
  contactsPerYear: [number, number];
  complaintShare: number;
}

const ARCHETYPES: Record<Archetype, ArchetypeTraits> = {
  vip: {
    segment: 'premium',
    ordersPerYear: [6, 10],
    linesPerOrder: [2, 4],
    priceFactor: 4,
    marginRate: 0.32,
    contactsPerYear: [0, 2],
    complaintShare: 0.05,
  },
  bargain_hunter: {
    segment: 'bargain_hunter',
    ordersPerYear: [3, 6],
    linesPerOrder: [1, 2],
    priceFactor: 0.6,
    marginRate: 0.06,
    contactsPerYear: [1, 3],
    complaintShare: 0.2,
  },
  serial_complainer: {
    segment: 'service_heavy',
    ordersPerYear: [1, 3],
    linesPerOrder: [1, 2],
    priceFactor: 0.8,
    marginRate: 0.15,
    contactsPerYear: [6, 10],
    complaintShare: 0.7,
  },
  turned_bad: {
    segment: 'at_risk',
    ordersPerYear: [2, 4],
    linesPerOrder: [1, 3],
    priceFactor: 1.2,
    marginRate: 0.2,
    contactsPerYear: [1, 4],
    complaintShare: 0.3,
  },
  regular: {
    segment: 'mainstream',
    ordersPerYear: [1, 3],
    linesPerOrder: [1, 3],
    priceFactor: 1,
    marginRate: 0.22,
    contactsPerYear: [0, 2],
    complaintShare: 0.15,
  },
};

export interface CustomerProfile {
  archetype: Archetype;
  traits: ArchetypeTraits;
  marketingConsent: boolean;
  profilingConsent: boolean;
  restricted: boolean;
  erasureRequested: boolean;
  accountCount: number;
}

export function drawProfile(random: Random): CustomerProfile {
  const archetype = random.weighted<Archetype>([
    ['vip', 1],
    ['bargain_hunter', 20],
    ['serial_complainer', 5],
    ['turned_bad', 4],
    ['regular', 70],
  ]);
  const erasureRequested = random.chance(0.002);
  return {
    archetype,
    traits: ARCHETYPES[archetype],
    marketingConsent: !random.chance(0.15),
    profilingConsent: !random.chance(0.2),
    restricted: erasureRequested || random.chance(0.005),
    erasureRequested,
    accountCount: random.weighted([
      [1, 75],
      [2, 20],
      [3, 5],
    ]),
  };
}
