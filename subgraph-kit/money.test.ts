import { money, sumMoney } from './money.type';

describe('money', () => {
  it('formats decimals from either driver with two places', () => {
    expect(money('12.5', 'EUR')).toEqual({ amount: '12.50', currency: 'EUR' });
    expect(money(43.970000000001, 'EUR')).toEqual({ amount: '43.97', currency: 'EUR' });
    expect(money('-3', 'EUR')).toEqual({ amount: '-3.00', currency: 'EUR' });
  });

  it('adds amounts exactly, where floats would drift', () => {
    const tenCents = Array.from({ length: 10 }, () => money('0.10', 'EUR'));
    expect(sumMoney(tenCents, 'EUR')).toEqual({ amount: '1.00', currency: 'EUR' });
    expect(sumMoney([money('0.10', 'EUR'), money('0.20', 'EUR')], 'EUR').amount).toBe('0.30');
    expect(sumMoney([money('5.00', 'EUR'), money('-7.25', 'EUR')], 'EUR').amount).toBe('-2.25');
    expect(sumMoney([], 'EUR').amount).toBe('0.00');
  });
});
