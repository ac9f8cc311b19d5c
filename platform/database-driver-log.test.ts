import pino from 'pino';
import { connectDatabase } from './database';

describe("the database driver's own messages", () => {
  it('are JSON lines of the logger given, never bare text on the console', async () => {
    const lines: Array<Record<string, unknown>> = [];
    const logger = pino({ base: { service: 'crm' } }, { write: (line: string) => void lines.push(JSON.parse(line)) });
    const console = jest.spyOn(global.console, 'log');
    const db = connectDatabase('sqlite::memory:', { logger });
    try {
      // sqlite cannot defer a unique index, and knex warns about it.
      await db.schema.createTable('t', (table) => {
        table.integer('a');
        table.unique(['a'], { indexName: 't_a_uq', deferrable: 'deferred' });
      });
      expect(console).not.toHaveBeenCalled();
      expect(lines).toEqual([
        expect.objectContaining({
          level: 40,
          service: 'crm',
          source: 'knex',
          msg: 'sqlite3: unique index `t_a_uq` will not be deferrable deferred because sqlite3 does not support deferred constraints.',
        }),
      ]);
    } finally {
      console.mockRestore();
      await db.destroy();
    }
  });
});
