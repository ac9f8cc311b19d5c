import { ConfigError, EnvReader } from '../../platform/env-reader';
import { crmSubgraph } from './service';

const configOf = (env: Record<string, string>) => {
  const reader = new EnvReader(env);
  const config = crmSubgraph.readConfig(reader);
  reader.assertValid();
  return config;
};

describe("the crm's settings", () => {
  it('writes over the OLTP URL unless OLTP_WRITE_DATABASE_URL names another connection', () => {
    const oltp = 'mysql://reader:secret@oltp:3306/oltp';
    expect(configOf({ OLTP_DATABASE_URL: oltp })).toMatchObject({ oltpDatabaseUrl: oltp, oltpWriteDatabaseUrl: oltp });
    const writer = 'mysql://crm_writer:other@oltp:3306/oltp';
    expect(configOf({ OLTP_DATABASE_URL: oltp, OLTP_WRITE_DATABASE_URL: writer })).toMatchObject({
      oltpDatabaseUrl: oltp,
      oltpWriteDatabaseUrl: writer,
    });
  });

  it('refuses an OLTP_WRITE_DATABASE_URL that is no database URL, naming it', () => {
    expect(() => configOf({ OLTP_WRITE_DATABASE_URL: 'http://oltp/' })).toThrow(ConfigError);
    expect(() => configOf({ OLTP_WRITE_DATABASE_URL: 'http://oltp/' })).toThrow(
      'OLTP_WRITE_DATABASE_URL must use mysql: or mariadb: or sqlite: (got "http:")',
    );
  });
});
