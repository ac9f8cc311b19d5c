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
    expect(config.subgraphConnections).toBe(16);
  });

  describe('CORS_ORIGINS', () => {
    const problemsOf = (value: string) => {
      try {
        read({ CORS_ORIGINS: value });
      } catch (error) {
        return (error as ConfigError).problems;
      }
      return [];
    };

    it('allows no origin unless set, in development as in production', () => {
      expect(read({}).corsOrigins).toEqual([]);
      expect(read({ CORS_ORIGINS: '  ' }).corsOrigins).toEqual([]);
      expect(read({ NODE_ENV: 'development' }).corsOrigins).toEqual([]);
    });

    it('takes exact http(s) origins, comma-separated, with a port where given', () => {
      expect(read({ CORS_ORIGINS: 'https://app.example.com, http://localhost:5173,http://127.0.0.1:8080' }).corsOrigins).toEqual([
        'https://app.example.com',
        'http://localhost:5173',
        'http://127.0.0.1:8080',
      ]);
      expect(read({ CORS_ORIGINS: 'https://app.example.com,https://app.example.com,' }).corsOrigins).toEqual(['https://app.example.com']);
    });

    it('refuses a wildcard, whole or in part, saying why', () => {
      expect(problemsOf('*')).toEqual([
        expect.stringMatching(/^CORS_ORIGINS: "\*" is refused: name each origin .*wildcards are not allowed/),
      ]);
      expect(problemsOf('https://*.example.com')).toEqual([expect.stringContaining('wildcards are not allowed')]);
    });

    it('refuses what is not an origin, naming the origin it may have meant', () => {
      expect(problemsOf('https://app.example.com/')).toEqual([
        'CORS_ORIGINS: "https://app.example.com/" is not an origin (an origin is scheme://host[:port], http or https, with no path); ' +
          'did you mean "https://app.example.com"?',
      ]);
      expect(problemsOf('https://app.example.com/graphql')[0]).toContain('did you mean "https://app.example.com"?');
      expect(problemsOf('https://app.example.com:443')[0]).toContain('did you mean "https://app.example.com"?');
      expect(problemsOf('https://App.Example.com')[0]).toContain('did you mean "https://app.example.com"?');
      expect(problemsOf('https://app.example.com?x=1')[0]).toContain('is not an origin');
      expect(problemsOf('app.example.com')).toEqual([
        'CORS_ORIGINS: "app.example.com" is not an origin (an origin is scheme://host[:port], http or https, with no path)',
      ]);
      expect(problemsOf('null')[0]).toContain('"null" is not an origin');
      expect(problemsOf('ftp://files.example.com')).toEqual([
        'CORS_ORIGINS: "ftp://files.example.com" must use http: or https: (got "ftp:")',
      ]);
    });

    it('names every bad origin of the list at once, and keeps none of them', () => {
      expect(problemsOf('https://ok.example.com,*,https://bad.example.com/')).toHaveLength(2);
    });
  });

  it('takes a timeout for all subgraphs and one for a single subgraph', () => {
    expect(read({ SUBGRAPH_TIMEOUT_MS: '3000', ARCHIVE_TIMEOUT_MS: '20000' }).subgraphTimeoutsMs).toEqual({
      crm: 3000,
      archive: 20_000,
      analytics: 3000,
      privacy: 3000,
    });
  });

  it('takes the requests in flight to each subgraph', () => {
    expect(read({ SUBGRAPH_CONNECTIONS: '4' }).subgraphConnections).toBe(4);
  });

  it('reports every bad value at once', () => {
    const env = {
      GATEWAY_WORKERS: '0',
      RATE_LIMIT_PER_SUBJECT: '-1',
      CRM_TIMEOUT_MS: '5',
      METRICS_TOKEN: 'short',
      SUBGRAPH_CONNECTIONS: '0',
    };
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
