import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { fromProjectRoot } from '../platform/project-root';
import { SERVICE_DATABASE_USERS } from '../systems/database-users';

interface ComposeService {
  environment?: Record<string, string>;
}

const compose = parse(readFileSync(fromProjectRoot('docker-compose.yml'), 'utf8'), { merge: true }) as {
  services: Record<string, ComposeService>;
};

/** Each service's database settings, as `VARIABLE=user`: the user part of the URL compose gives it. */
function databaseUsersOf(service: ComposeService): string[] {
  return Object.entries(service.environment ?? {})
    .filter(([name]) => name.endsWith('_DATABASE_URL'))
    .map(([name, url]) => `${name}=${/^mysql:\/\/([^:@]+)[:@]/.exec(url)?.[1] ?? url}`)
    .sort();
}

describe('docker-compose.yml connects each service as its own database user', () => {
  it('gives every service the user, and only the databases, the users table names for it (golden)', () => {
    const byService = Object.fromEntries(Object.entries(compose.services).map(([name, service]) => [name, databaseUsersOf(service)]));
    expect(byService).toEqual({
      'oltp-db': [],
      'archive-db': [],
      'warehouse-db': [],
      'audit-db': [],
      seed: ['ARCHIVE_DATABASE_URL=root', 'AUDIT_DATABASE_URL=root', 'OLTP_DATABASE_URL=root', 'WAREHOUSE_DATABASE_URL=root'],
      'database-users': ['ARCHIVE_DATABASE_URL=root', 'AUDIT_DATABASE_URL=root', 'OLTP_DATABASE_URL=root', 'WAREHOUSE_DATABASE_URL=root'],
      'archive-api': ['ARCHIVE_DATABASE_URL=archive_api'],
      crm: ['OLTP_DATABASE_URL=crm', 'OLTP_WRITE_DATABASE_URL=crm_writer'],
      archive: [],
      analytics: ['OLTP_DATABASE_URL=analytics', 'WAREHOUSE_DATABASE_URL=analytics'],
      privacy: [
        'ARCHIVE_DATABASE_URL=privacy',
        'AUDIT_DATABASE_URL=privacy',
        'OLTP_DATABASE_URL=privacy',
        'WAREHOUSE_DATABASE_URL=privacy',
      ],
      gateway: ['AUDIT_DATABASE_URL=gateway'],
    });
  });

  it('takes every password from the environment, with no default, and hands the users job each one', () => {
    const text = readFileSync(fromProjectRoot('docker-compose.yml'), 'utf8');
    for (const { passwordVariable } of SERVICE_DATABASE_USERS) {
      expect(text).not.toMatch(new RegExp(`\\$\\{${passwordVariable}:-`));
      expect(compose.services['database-users'].environment?.[passwordVariable]).toBe(`\${${passwordVariable}:?set ${passwordVariable}}`);
    }
    // Every user the services connect as is one the job creates (and the job creates no other).
    const connected = new Set(
      Object.values(compose.services)
        .flatMap(databaseUsersOf)
        .map((setting) => setting.split('=')[1])
        .filter((user) => user !== 'root'),
    );
    expect([...connected].sort()).toEqual(SERVICE_DATABASE_USERS.map((user) => user.name).sort());
  });
});
