import { connectDatabase } from '../../../platform/database';
import { type RunningService, startHttpService } from '../../../platform/http-service';
import type { Logger } from '../../../platform/logger';
import { createArchiveApi } from './archive-api';
import { RecordsRepository } from './records-repository';

interface ArchiveApiOptions {
  databaseUrl: string;
  port: number;
  /** The variable that sets `port`: named when the port is taken. */
  portVariable?: string;
  host?: string;
  logger: Logger;
}

export async function startArchiveApi(options: ArchiveApiOptions): Promise<RunningService> {
  const db = connectDatabase(options.databaseUrl, { readOnly: true, logger: options.logger });
  const app = createArchiveApi(new RecordsRepository(db), options.logger);
  return startHttpService({
    name: 'archive-api',
    app,
    port: options.port,
    portVariable: options.portVariable,
    host: options.host,
    logger: options.logger,
    onStop: () => db.destroy(),
  });
}
