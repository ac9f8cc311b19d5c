import type { Knex } from 'knex';
import { storeBackends } from '../../test/support/mysql';
import { freshStoreDatabase } from '../../test/support/store-database';
import { migrateToLatest } from '../migration-source';
import * as customers from './migrations/001-customers';
import * as commerce from './migrations/002-commerce';
import * as relationship from './migrations/003-relationship';
import * as dataSubjectRequests from './migrations/004-data-subject-requests';
import * as customerSearch from './migrations/005-customer-search';
import { emailKey, nameKey, phoneKey } from './search-keys';

describe('search keys', () => {
  it.each([
    ['+49 30 1234567', '49301234567'],
    ['0049 30 1234567', '49301234567'],
    ['0049-30-123 45 67', '49301234567'],
    ['(+49) 30/123.45.67', '49301234567'],
    [' 49301234567 ', '49301234567'],
    ['+49 30 CALL', null],
    ['++49 30', null],
    ['', null],
  ])('phone %j is %j', (phone, key) => {
    expect(phoneKey(phone)).toBe(key);
  });

  it.each([
    ['Müller', 'muller'],
    ['  ÅSTRÖM-Ødegård ', 'astrom odegard'],
    ['Strauß', 'strauss'],
    ["O'Brien", 'o brien'],
    ['%_%', ''],
  ])('name %j is %j', (name, key) => {
    expect(nameKey(name)).toBe(key);
  });

  it('compares e-mail addresses case-insensitively', () => {
    expect(emailKey(' Anna.Mueller@Example.COM ')).toBe('anna.mueller@example.com');
  });
});

describe.each(storeBackends())('migration 005 on a database that already holds customers, on %s', (backend) => {
  const fresh = freshStoreDatabase(backend, 'oltp_search_keys');
  let db: Knex;

  it('fills every customer’s keys', async () => {
    ({ db } = fresh);
    await migrateToLatest(db, [customers, commerce, relationship, dataSubjectRequests], 'oltp_migrations');
    await db('customers').insert([
      {
        id: 1,
        first_name: 'Anna',
        last_name: 'Müller',
        email: 'Anna@Example.com',
        phone: '+49 30 1234567',
        created_at: '2020-01-01 00:00:00',
      },
      { id: 2, first_name: 'Jörg', last_name: 'Strauß', email: 'j@example.com', phone: null, created_at: '2020-01-01 00:00:00' },
    ]);
    await migrateToLatest(db, [customers, commerce, relationship, dataSubjectRequests, customerSearch], 'oltp_migrations');
    const rows = await db('customers').orderBy('id').select('id', 'email_key', 'phone_key', 'last_name_key', 'full_name_key');
    expect(rows.map((r) => ({ ...r, id: Number(r.id) }))).toEqual([
      { id: 1, email_key: 'anna@example.com', phone_key: '49301234567', last_name_key: 'muller', full_name_key: 'anna muller' },
      { id: 2, email_key: 'j@example.com', phone_key: null, last_name_key: 'strauss', full_name_key: 'jorg strauss' },
    ]);
  });
});
