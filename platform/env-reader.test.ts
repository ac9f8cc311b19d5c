import { ConfigError, EnvReader } from './env-reader';

describe('EnvReader', () => {
  it('falls back to defaults when variables are unset or blank', () => {
    const env = new EnvReader({ GATEWAY_PORT: '  ' });
    expect(env.port('GATEWAY_PORT', 4000)).toBe(4000);
    expect(env.url('CRM_URL', 'http://127.0.0.1:4001/graphql')).toBe('http://127.0.0.1:4001/graphql');
    expect(() => env.assertValid()).not.toThrow();
  });

  it('names every bad value at once', () => {
    const env = new EnvReader({
      GATEWAY_PORT: '70000',
      CRM_PORT: 'abc',
      CRM_URL: 'not a url',
      OLTP_DATABASE_URL: 'postgres://x/y',
      NODE_ENV: 'staging',
    });
    env.port('GATEWAY_PORT', 4000);
    env.port('CRM_PORT', 4001);
    env.url('CRM_URL', 'http://x');
    env.url('OLTP_DATABASE_URL', 'sqlite:x', ['mysql:', 'sqlite:']);
    env.oneOf('NODE_ENV', ['development', 'production'], 'development');
    let error: unknown;
    try {
      env.assertValid();
    } catch (thrown) {
      error = thrown;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems).toEqual([
      'GATEWAY_PORT must be an integer from 0 to 65535 (got "70000")',
      'CRM_PORT must be an integer from 0 to 65535 (got "abc")',
      'CRM_URL must be a URL (got "not a url")',
      'OLTP_DATABASE_URL must use mysql: or sqlite: (got "postgres:")',
      'NODE_ENV must be one of development, production (got "staging")',
    ]);
  });
});
