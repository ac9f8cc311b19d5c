import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { parse } from 'graphql';
import { DEFAULT_SUPERGRAPH_PATH } from '../../platform/supergraph-file';
import { fieldRulesFromSdl, type MaskStyle } from '../../policy/field-rules';
import { generateProspects } from '../../systems/seed/generate-prospects';
import { Calendar } from '../../systems/seed/calendar';
import { generateCustomer } from '../../systems/seed/generate-customer';
import { emptyBuffers } from '../../systems/seed/row-buffer';
import { mask } from './masks';

const STYLES: MaskStyle[] = ['EMAIL', 'PHONE', 'CARD', 'IBAN', 'POSTAL_LINE'];

/** The characters of a masked value that come from the value: all but mask characters and whitespace. */
function revealed(masked: string): string[] {
  return Array.from(masked.replace(/[•*\s]/g, ''));
}

function nonWhitespace(value: string): string[] {
  return Array.from(value.replace(/\s/g, ''));
}

/** Why `mask(style, value)` shows too much, or undefined when it shows strictly less than `value`. */
function overReveal(style: MaskStyle, value: string): string | undefined {
  const masked = mask(style, value);
  if (typeof masked !== 'string') return `${style}(${JSON.stringify(value)}) is not a string`;
  if (masked === value) return `${style}(${JSON.stringify(value)}) is the value itself`;
  const shown = revealed(masked);
  const total = nonWhitespace(value).length;
  // A value of whitespace only has nothing to show: nothing may be shown of it.
  if (total === 0 ? shown.length > 0 : shown.length >= total) {
    return `${style}(${JSON.stringify(value)}) = ${JSON.stringify(masked)} shows ${shown.length} of ${total} characters`;
  }
  const foreign = shown.find((character) => !value.includes(character));
  if (foreign !== undefined)
    return `${style}(${JSON.stringify(value)}) = ${JSON.stringify(masked)} shows ${JSON.stringify(foreign)}, not in the value`;
  return undefined;
}

describe('masks', () => {
  it.each([
    ['EMAIL', 'john.doe@example.com', 'j***@example.com'],
    ['EMAIL', 'jo@example.com', 'j***@example.com'],
    ['EMAIL', 'j@example.com', '***@example.com'],
    ['EMAIL', ' @example.com', '••••'],
    ['EMAIL', 'no address', '••••'],
    ['EMAIL', 'j***@example.com', '••••'],
    ['PHONE', '+49 30 1234567', '•••• 4567'],
    ['PHONE', '0301234', '•••• 234'],
    ['PHONE', '112', '•••• 2'],
    ['PHONE', '7', '••••'],
    ['PHONE', 'none', '••••'],
    ['CARD', '6783', '•••• 83'],
    ['CARD', '0042', '•••• 42'],
    ['CARD', '1234 5678 9012 3456', '•••• 3456'],
    ['CARD', '5', '••••'],
    ['CARD', '••••', '****'],
    ['IBAN', 'DE44 5001 0517 5407 3249 31', 'DE•• •••• 4931'],
    ['IBAN', 'NO9386011117947', 'NO•• •••• 7947'],
    ['IBAN', 'DE1234567', '•••• 4567'],
    ['IBAN', 'DE12', '•••• 12'],
    ['IBAN', 'D', '••••'],
    ['POSTAL_LINE', 'Hauptstraße 12', 'H***'],
    ['POSTAL_LINE', '  Apartment 4', 'A***'],
    ['POSTAL_LINE', 'c/', 'c***'],
    ['POSTAL_LINE', 'A', '••••'],
    ['POSTAL_LINE', ' B ', '••••'],
    ['POSTAL_LINE', '', '••••'],
  ] as const)('%s of %j is %j', (style, value, masked) => {
    expect(mask(style, value)).toBe(masked);
  });

  it('leaves null alone', () => {
    expect(mask('EMAIL', null)).toBeNull();
  });

  it('shows strictly less than the value, in every style, for any string', () => {
    const pieces = fc.constantFrom('•', '*', '@', ' ', '\t', '\n', '+', '-', '0', '4', '9', 'a', 'Z', 'ß', '😀', '.');
    const values = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 40 }),
      fc.string({ unit: pieces, maxLength: 12 }),
      fc.stringMatching(/^[0-9 ]{0,24}$/),
      fc.emailAddress(),
    );
    fc.assert(
      fc.property(fc.constantFrom(...STYLES), values, (style, value) => {
        expect(overReveal(style, value)).toBeUndefined();
      }),
      { numRuns: 5000 },
    );
  });

  it('shows strictly less than the value for the values of the same shape as the shows-nothing mask', () => {
    for (const style of STYLES) {
      for (const value of ['', ' ', '••••', '****', '•••• ', '•••• 1', '***@', 'j***@x', 'x']) {
        expect(overReveal(style, value)).toBeUndefined();
      }
    }
  });
});

describe('masks of the schema', () => {
  const rules = fieldRulesFromSdl(parse(readFileSync(DEFAULT_SUPERGRAPH_PATH, 'utf8')));
  const masked = [...rules].filter(([, rule]) => rule.mask).map(([coordinate, rule]) => [coordinate, rule.mask!] as const);

  /** Where the seed writes each masked field: the crm subgraph reads it from this table and column. */
  const SEEDED: Record<string, { table: string; column: string }> = {
    'Address.line1': { table: 'addresses', column: 'line1' },
    'Address.line2': { table: 'addresses', column: 'line2' },
    'Customer.email': { table: 'customers', column: 'email' },
    'Customer.phone': { table: 'customers', column: 'phone' },
    'Payment.cardLast4': { table: 'payments', column: 'card_last4' },
    'Payment.iban': { table: 'payments', column: 'iban' },
    'Prospect.email': { table: 'prospects', column: 'email' },
    'Prospect.phone': { table: 'prospects', column: 'phone' },
  };

  it('masks exactly these fields (a newly masked field is reviewed here)', () => {
    expect(masked).toEqual([
      ['Address.line1', 'POSTAL_LINE'],
      ['Address.line2', 'POSTAL_LINE'],
      ['Customer.email', 'EMAIL'],
      ['Customer.phone', 'PHONE'],
      ['Payment.cardLast4', 'CARD'],
      ['Payment.iban', 'IBAN'],
      ['Prospect.email', 'EMAIL'],
      ['Prospect.phone', 'PHONE'],
    ]);
  });

  it('shows strictly less of every seeded value of every masked field', () => {
    const buffers = emptyBuffers();
    const context = { seed: 'masks', calendar: new Calendar(), firstIndex: 1 };
    for (let index = 1; index <= 150; index++) generateCustomer(index, context, buffers);
    const tables = new Map(buffers.oltp.entries());
    tables.set('prospects', generateProspects('masks', new Calendar()));
    for (const [coordinate, style] of masked) {
      const { table, column } = SEEDED[coordinate];
      const values = (tables.get(table) ?? []).map((row) => row[column]).filter((value): value is string => typeof value === 'string');
      expect(values.length).toBeGreaterThan(20);
      const problems = values.map((value) => overReveal(style, value)).filter(Boolean);
      expect(problems).toEqual([]);
    }
  });

  it('shows seeded values in these shapes', () => {
    expect(mask('EMAIL', 'anna.schmidt.1000002@example.org')).toBe('a***@example.org');
    expect(mask('PHONE', '+49 30 4455667')).toBe('•••• 5667');
    expect(mask('CARD', '0917')).toBe('•••• 17');
    expect(mask('IBAN', 'DE44500105175407324931')).toBe('DE•• •••• 4931');
    expect(mask('POSTAL_LINE', 'Lindenallee 7')).toBe('L***');
    expect(mask('POSTAL_LINE', 'Apartment 12')).toBe('A***');
  });
});
