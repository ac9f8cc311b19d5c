import { untilIdle } from './until-idle';

describe('untilIdle', () => {
  it('waits for a count that is still moving, and resolves once it has stopped', async () => {
    let count = 0;
    const ticking = setInterval(() => (count += 1), 20);
    setTimeout(() => clearInterval(ticking), 300);
    expect(await untilIdle(() => count, 100)).toBe(true);
    const settled = count;
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(settled).toBeGreaterThanOrEqual(10);
    expect(count).toBe(settled);
  });

  it('gives up at its deadline when the count never settles', async () => {
    let count = 0;
    const ticking = setInterval(() => (count += 1), 10);
    expect(await untilIdle(() => count, 50, 300)).toBe(false);
    const atDeadline = count;
    await new Promise((resolve) => setTimeout(resolve, 50));
    clearInterval(ticking);
    expect(count).toBeGreaterThan(atDeadline);
  });
});
