import { mask } from './masks';

describe('masks', () => {
  it.each([
    ['EMAIL', 'john.doe@example.com', 'j***@example.com'],
    ['PHONE', '+49 30 1234567', '•••• 4567'],
    ['CARD', '1234', '•••• 1234'],
    ['IBAN', 'DE44 5001 0517 5407 3249 31', 'DE•• •••• 4931'],
    ['POSTAL_LINE', 'Hauptstraße 12', 'H***'],
  ] as const)('%s shows only a hint of the value', (style, value, masked) => {
    expect(mask(style, value)).toBe(masked);
  });

  it('leaves null alone', () => {
    expect(mask('EMAIL', null)).toBeNull();
  });
});
