import express, { type NextFunction, type Request, type Response } from 'express';
import { createServiceApp } from '../../../platform/service-app';
import type { Logger } from '../../../platform/logger';
import { LEGACY_ACCOUNT_NOT_FOUND, MAX_ACCOUNTS_PER_LOOKUP, MAX_LIMIT_PER_ACCOUNT, MAX_RECORDS_PER_LOOKUP } from './lookup-limits';
import { RECORD_TYPES, type RecordPresenter, type RecordType, recordPresenter } from './record-types';
import type { PagePosition, RecordsRepository } from './records-repository';

/** The archive's account number columns' length. */
const MAX_ACCOUNT_NUMBER_LENGTH = 20;
const MAX_PAGE_SIZE = 100;
const DEFAULT_PAGE_SIZE = 20;

class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * The records archive's HTTP/JSON API:
 *   POST /v1/{orders|invoices|interactions}/lookup  {accountNumbers, limitPerAccount, fields?}
 *        (at most 1,000 accounts, 1 to 1,000 per account, and accounts × limitPerAccount at most 100,000)
 *   GET  /v1/{orders|invoices|interactions}?accountNumber=…&limit=…&cursor=…&fields=…
 *        (`fields`: the record fields to answer with, a list in a lookup and comma-separated in a page; all without it)
 *   POST /v1/legacy-accounts/find  {number}   the account a legacy account number became (404 LEGACY_ACCOUNT_NOT_FOUND when unknown)
 *   POST /v1/legacy-accounts/lookup  {accountNumbers}   the legacy numbers each account had (at most 1,000 accounts)
 *   GET  /health
 */
export function createArchiveApi(repository: RecordsRepository, logger: Logger): express.Express {
  const app = createServiceApp();
  app.use(express.json({ limit: '256kb' }));

  app.get('/health', async (_req, res) => {
    try {
      await repository.ping();
      res.json({ status: 'ok' });
    } catch {
      res.status(503).json({ status: 'unavailable' });
    }
  });

  // Before `/v1/:type/lookup`, which would take `legacy-accounts` for a record type.
  app.post('/v1/legacy-accounts/lookup', async (req, res) => {
    const legacy = await repository.legacyAccountsOf(accountNumbersFrom(req.body));
    res.json({ results: Object.fromEntries(legacy) });
  });

  app.post('/v1/:type/lookup', async (req, res) => {
    const type = recordType(req.params.type);
    const accountNumbers = accountNumbersFrom(req.body);
    const limit = pageSize(req.body?.limitPerAccount, MAX_LIMIT_PER_ACCOUNT, 'limitPerAccount');
    if (accountNumbers.length * limit > MAX_RECORDS_PER_LOOKUP) {
      throw new ApiError(400, 'BAD_REQUEST', `At most ${MAX_RECORDS_PER_LOOKUP} records per lookup (accounts × limitPerAccount)`);
    }
    const pages = await repository.newestPerAccount(type, accountNumbers, limit, presenter(type, req.body?.fields));
    res.json({ results: Object.fromEntries(pages) });
  });

  app.post('/v1/legacy-accounts/find', async (req, res) => {
    const number = (req.body as { number?: unknown } | undefined)?.number;
    if (typeof number !== 'string' || number === '' || number.length > MAX_ACCOUNT_NUMBER_LENGTH) {
      throw new ApiError(400, 'BAD_REQUEST', `number is required, one account number of at most ${MAX_ACCOUNT_NUMBER_LENGTH} characters`);
    }
    const account = await repository.legacyAccount(number);
    if (!account) throw new ApiError(404, LEGACY_ACCOUNT_NOT_FOUND, 'No such legacy account number');
    res.json(account);
  });

  app.get('/v1/:type', async (req, res) => {
    const type = recordType(req.params.type);
    const accountNumber = req.query.accountNumber;
    if (typeof accountNumber !== 'string' || accountNumber === '') {
      throw new ApiError(400, 'BAD_REQUEST', 'accountNumber is required');
    }
    const fields = typeof req.query.fields === 'string' ? req.query.fields.split(',') : req.query.fields;
    const present = presenter(type, fields);
    const { page, last } = await repository.page(type, accountNumber, pageSize(req.query.limit), decodeCursor(req.query.cursor), present);
    res.json({ items: page.items, nextCursor: last ? encodeCursor(last) : null });
  });

  app.use((_req, _res, next) => next(new ApiError(404, 'NOT_FOUND', 'No such resource')));
  app.use((error: unknown, _req: Request, res: Response, _next: NextFunction) => {
    if (error instanceof ApiError) return void res.status(error.status).json({ error: { code: error.code, message: error.message } });
    if (error instanceof SyntaxError)
      return void res.status(400).json({ error: { code: 'BAD_REQUEST', message: 'Body is not valid JSON' } });
    logger.error({ err: error }, 'archive request failed');
    res.status(500).json({ error: { code: 'INTERNAL', message: 'Internal error' } });
  });
  return app;
}

function recordType(name: string): RecordType {
  const type = Object.hasOwn(RECORD_TYPES, name) ? RECORD_TYPES[name] : undefined;
  if (!type) throw new ApiError(404, 'NOT_FOUND', `Unknown record type "${name}"`);
  return type;
}

/** The presenter of the fields asked for: a non-empty list of the type's field names (all fields when none is given, or null). */
function presenter(type: RecordType, fields: unknown): RecordPresenter {
  if (fields === undefined || fields === null) return recordPresenter(type);
  const known = Object.keys(type.fields);
  if (!Array.isArray(fields) || fields.length === 0 || fields.some((name) => !known.includes(name))) {
    throw new ApiError(400, 'BAD_REQUEST', `fields must be a non-empty list of: ${known.join(', ')}`);
  }
  return recordPresenter(type, fields as string[]);
}

function accountNumbersFrom(body: unknown): string[] {
  const list = (body as { accountNumbers?: unknown } | undefined)?.accountNumbers;
  if (!Array.isArray(list) || list.some((item) => typeof item !== 'string')) {
    throw new ApiError(400, 'BAD_REQUEST', 'accountNumbers must be an array of strings');
  }
  if (list.length > MAX_ACCOUNTS_PER_LOOKUP) {
    throw new ApiError(400, 'BAD_REQUEST', `At most ${MAX_ACCOUNTS_PER_LOOKUP} account numbers per lookup`);
  }
  return [...new Set(list as string[])];
}

function pageSize(value: unknown, max = MAX_PAGE_SIZE, name = 'limit'): number {
  if (value === undefined) return DEFAULT_PAGE_SIZE;
  const size = Number(value);
  if (!Number.isInteger(size) || size < 1 || size > max) {
    throw new ApiError(400, 'BAD_REQUEST', `${name} must be an integer from 1 to ${max}`);
  }
  return size;
}

function encodeCursor(position: PagePosition): string {
  return Buffer.from(JSON.stringify([position.date, position.id])).toString('base64url');
}

function decodeCursor(value: unknown): PagePosition | undefined {
  if (value === undefined) return undefined;
  try {
    const [date, id] = JSON.parse(Buffer.from(String(value), 'base64url').toString('utf8'));
    if (typeof date === 'string' && Number.isInteger(id)) return { date, id };
  } catch {
    // fall through to the error below
  }
  throw new ApiError(400, 'BAD_REQUEST', 'cursor is not valid');
}
