import { bool, decimalString, isoDate, isoDateTime } from './sql-values';

describe('isoDateTime', () => {
  it.each([
    ['2024-05-01 10:30:00', '2024-05-01T10:30:00.000Z'],
    ['2024-05-01T10:30:00', '2024-05-01T10:30:00.000Z'],
    ['2024-05-01 10:30:00.123456', '2024-05-01T10:30:00.123Z'],
    ['2024-05-01T10:30:00Z', '2024-05-01T10:30:00.000Z'],
    ['2024-05-01T12:30:00+02:00', '2024-05-01T10:30:00.000Z'],
  ])('reads %s as UTC: %s', (stored, iso) => {
    expect(isoDateTime(stored)).toBe(iso);
  });

  it('gives the same answer as a Date would for the plain shape', () => {
    for (const stored of ['2000-01-01 00:00:00', '2024-02-29 23:59:59', '1999-12-31 12:00:01']) {
      expect(isoDateTime(stored)).toBe(new Date(`${stored.replace(' ', 'T')}Z`).toISOString());
    }
  });

  it('passes Date objects and missing values through', () => {
    expect(isoDateTime(new Date(Date.UTC(2024, 4, 1, 10, 30)))).toBe('2024-05-01T10:30:00.000Z');
    expect(isoDateTime(null)).toBeNull();
    expect(isoDateTime(undefined)).toBeNull();
  });
});

describe('other column values', () => {
  it('reads dates, decimals and booleans from either database', () => {
    expect(isoDate('2024-05-01 00:00:00')).toBe('2024-05-01');
    expect(decimalString('12.5')).toBe('12.50');
    expect(decimalString(12.5)).toBe('12.50');
    expect(decimalString('7', 0)).toBe('7');
    expect([bool(1), bool('1'), bool(true), bool(0), bool('0')]).toEqual([true, true, true, false, false]);
  });
});
