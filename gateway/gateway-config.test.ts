import { ConfigError, EnvReader } from '../platform/env-reader';
import { readGatewayConfig } from './gateway-config';

function read(env: Record<string, string>) {
  const reader = new EnvReader(env);
  const config = readGatewayConfig(reader);
  reader.assertValid();
  return config;
}

describe('gateway configuration', () => {
  it('defaults to one worker, rate limits on, a 10 s timeout for every subgraph but privacy (60 s) and no metrics token', () => {
    const config = read({});
    expect(config.workers).toBe(1);
    expect(config.rateLimits).toEqual({ perClientPerMinute: 6000, perSubjectPerMinute: 600 });
    expect(config.subgraphTimeoutsMs).toEqual({ crm: 10_000, archive: 10_000, analytics: 10_000, privacy: 60_000 });
    expect(config.metricsToken).toBeUndefined();
  });

  it('takes a timeout for all subgraphs and one for a single subgraph', () => {
    expect(read({ SUBGRAPH_TIMEOUT_MS: '3000', ARCHIVE_TIMEOUT_MS: '20000' }).subgraphTimeoutsMs).toEqual({
      crm: 3000,
      archive: 20_000,
      analytics: 3000,
      privacy: 3000,
    });
  });

  it('reports every bad value at once', () => {
    const env = { GATEWAY_WORKERS: '0', RATE_LIMIT_PER_SUBJECT: '-1', CRM_TIMEOUT_MS: '5', METRICS_TOKEN: 'short' };
    const failure = (() => {
      try {
        read(env);
      } catch (error) {
        return error as ConfigError;
      }
    })();
    expect(failure).toBeInstanceOf(ConfigError);
    for (const name of Object.keys(env)) expect(failure!.message).toContain(name);
  });
});
