import { GraphQLError } from 'graphql';
import { checkOffset, checkPageSize, decodeCursor, encodeCursor } from './pagination';

describe('keyset cursors', () => {
  it('round-trip the last id of a page', () => {
    expect(decodeCursor(encodeCursor(1000042))).toBe(1000042);
  });

  it.each([
    '',
    'abc',
    Buffer.from('k1:1 OR 1=1').toString('base64url'),
    Buffer.from('k1:-5').toString('base64url'),
    "' OR 1=1 --",
    'x'.repeat(100),
  ])('refuse %j with BAD_USER_INPUT', (cursor) => {
    expect(() => decodeCursor(cursor)).toThrow(GraphQLError);
    try {
      decodeCursor(cursor);
    } catch (error) {
      expect((error as GraphQLError).extensions).toEqual({ code: 'BAD_USER_INPUT', argumentName: 'after' });
    }
  });
});

describe('page sizes', () => {
  it('accept 1 to max and refuse the rest', () => {
    expect(checkPageSize(1, { argumentName: 'first', max: 100 })).toBe(1);
    expect(checkPageSize(100, { argumentName: 'first', max: 100 })).toBe(100);
    for (const bad of [0, -1, 101, 1.5])
      expect(() => checkPageSize(bad, { argumentName: 'first', max: 100 })).toThrow('first must be between 1 and 100');
  });
});

describe('offsets', () => {
  it('accept 0 to max and refuse the rest with BAD_USER_INPUT naming the argument', () => {
    expect(checkOffset(0, { argumentName: 'offset', max: 900 })).toBe(0);
    expect(checkOffset(900, { argumentName: 'offset', max: 900 })).toBe(900);
    for (const bad of [-1, 901, 1.5, Number.NaN]) {
      expect(() => checkOffset(bad, { argumentName: 'offset', max: 900 })).toThrow('offset must be between 0 and 900');
      try {
        checkOffset(bad, { argumentName: 'offset', max: 900 });
      } catch (error) {
        expect((error as GraphQLError).extensions).toEqual({ code: 'BAD_USER_INPUT', argumentName: 'offset' });
      }
    }
  });
});
