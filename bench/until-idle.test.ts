import { untilIdle } from './until-idle';

describe('untilIdle', () => {
  it('keeps polling while the count moves, and resolves true at the first poll that finds it unchanged', async () => {
    const values = [0, 1, 2, 3, 3, 9];
    let polls = 0;
    const count = () => values[Math.min(polls++, values.length - 1)];
    expect(await untilIdle(count, 1)).toBe(true);
    expect(polls).toBe(5);
  });

  it('gives up with false at its deadline when the count never settles', async () => {
    let polls = 0;
    const count = () => ++polls;
    expect(await untilIdle(count, 5, 40)).toBe(false);
    expect(polls).toBeGreaterThanOrEqual(2);
  });

  it('reads an asynchronous count', async () => {
    let polls = 0;
    const count = async () => Math.min(++polls, 2);
    expect(await untilIdle(count, 1)).toBe(true);
    expect(polls).toBe(3);
  });
});
