import { type FrontParts, frontSteps } from './front';

describe('frontSteps', () => {
  it('runs CORS, identity, rate limits, the body, persisted operations and Apollo in that order, after the request ids', () => {
    const parts = {
      corsOrigins: [],
      limits: { check: () => undefined },
      apollo: { assertStarted: () => undefined },
    } as unknown as FrontParts;
    expect(frontSteps(parts).map((step) => step.name)).toEqual([
      'request ids',
      'CORS',
      'identity',
      'rate limits',
      'body',
      'persisted operations',
      'Apollo',
    ]);
  });
});
