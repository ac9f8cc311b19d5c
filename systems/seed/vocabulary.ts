export const FIRST_NAMES = [
  'Anna',
  'Ben',
  'Clara',
  'David',
  'Emma',
  'Felix',
  'Greta',
  'Hugo',
  'Ida',
  'Jonas',
  'Katrin',
  'Lukas',
  'Mia',
  'Noah',
  'Olivia',
  'Paul',
  'Rosa',
  'Samuel',
  'Tara',
  'Umar',
  'Vera',
  'Wim',
  'Xenia',
  'Yusuf',
  'Zoe',
  'Amelie',
  'Bruno',
  'Chloe',
  'Elias',
  'Fatima',
  'Henrik',
  'Leonie',
  'Marco',
  'Nina',
  'Oskar',
  'Sofia',
] as const;

export const LAST_NAMES = [
  'Adler',
  'Becker',
  'Costa',
  'Dubois',
  'Eriksen',
  'Fischer',
  'García',
  'Hoffmann',
  'Jansen',
  'Kowalski',
  'Lehmann',
  'Moreau',
  'Novak',
  "O'Brien",
  'Petrov',
  'Quinn',
  'Rossi',
  'Schmidt',
  'Tanaka',
  'Urban',
  'Vogel',
  'Weber',
  'Yilmaz',
  'Zimmermann',
  'Berg',
  'Dahl',
  'Keller',
  'Lang',
  'Meyer',
  'Nowak',
] as const;

export const CITIES = [
  { city: 'Berlin', country: 'DE', postal: '10' },
  { city: 'Hamburg', country: 'DE', postal: '20' },
  { city: 'München', country: 'DE', postal: '80' },
  { city: 'Wien', country: 'AT', postal: '10' },
  { city: 'Zürich', country: 'CH', postal: '80' },
  { city: 'Amsterdam', country: 'NL', postal: '10' },
  { city: 'Lyon', country: 'FR', postal: '69' },
  { city: 'Milano', country: 'IT', postal: '20' },
] as const;

export const STREETS = ['Hauptstraße', 'Bahnhofstraße', 'Lindenweg', 'Gartenstraße', 'Am Markt', 'Seeweg', 'Parkallee'];

export const EMAIL_DOMAINS = ['example.com', 'example.org', 'example.net'] as const;

export const BUSINESS_UNITS = [
  { name: 'retail', prefix: 'RT' },
  { name: 'telecom', prefix: 'TC' },
  { name: 'energy', prefix: 'EN' },
  { name: 'insurance', prefix: 'IN' },
] as const;

export const PRODUCTS = [
  { sku: 'SKU-1001', description: 'Espresso machine', price: 349 },
  { sku: 'SKU-1002', description: 'Running shoes', price: 119 },
  { sku: 'SKU-1003', description: 'Winter jacket', price: 229 },
  { sku: 'SKU-1004', description: 'Phone case', price: 19 },
  { sku: 'SKU-1005', description: 'Headphones', price: 179 },
  { sku: 'SKU-1006', description: 'Coffee beans 1kg', price: 24 },
  { sku: 'SKU-1007', description: 'Desk lamp', price: 59 },
  { sku: 'SKU-1008', description: 'Mobile plan upgrade', price: 15 },
  { sku: 'SKU-1009', description: 'Green energy add-on', price: 9 },
  { sku: 'SKU-1010', description: 'Travel insurance', price: 89 },
] as const;

export const OFFER_PRODUCTS = ['Premium membership', 'Fibre 1000', 'Solar tariff', 'Home insurance', 'Extended warranty'];

export const INTERACTION_SUBJECTS = {
  enquiry: ['Delivery date', 'Tariff question', 'Change of address', 'Invoice copy', 'Product availability'],
  complaint: ['Late delivery', 'Damaged item', 'Wrong invoice amount', 'Rude staff', 'Service outage'],
  support_case: ['Device not working', 'Login problem', 'Meter reading', 'Claim handling', 'Return request'],
} as const;

export const RESOLUTIONS = [
  'Refund issued',
  'Replacement shipped',
  'Explained and closed',
  'Credit note issued',
  'Technician visit',
  'Goodwill voucher',
];

/** Handling cost per contact, by channel: the phone costs far more than self-service. */
export const CHANNEL_COST = { phone: [6, 14], email: [3, 7], chat: [2, 5], store: [8, 20] } as const;
export const CHANNELS = Object.keys(CHANNEL_COST) as Array<keyof typeof CHANNEL_COST>;

export const CONSENT_TOPICS = ['email', 'sms', 'phone', 'post', 'profiling'] as const;
