import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import type { JWTPayload } from 'jose';
import type { Logger } from '../../platform/logger';
import type { Policy } from '../../policy/policy';
import type { AuditRecord } from '../audit/audit-record';
import { requestStateOf, setRequestState } from '../request-state';
import { authenticate } from './authenticate';
import type { TokenVerifier } from './token-verifier';

const POLICY = { purposes: { sales: 'Selling', support: 'Helping', audit: 'Auditing' } } as unknown as Policy;
const CLERK = {
  sub: 'clerk@example.com',
  client_id: 'clerk-app',
  client_kind: 'first-party',
  purpose: 'sales support',
  scope: 'customer:read',
};
/** What the fake verifier accepts: token → payload. */
const TOKENS: Record<string, JWTPayload> = {
  'clerk.token': CLERK,
  'no-client.token': { ...CLERK, client_id: undefined },
};
const verifier = {
  verify: async (token: string) => TOKENS[token] ?? Promise.reject(new Error('bad signature')),
} as unknown as TokenVerifier;

interface Run {
  status: number;
  body: any;
  contentType: string | null;
}

describe('authenticate', () => {
  let server: Server;
  let base: string;
  const audited: AuditRecord[] = [];
  const unauthenticated: string[] = [];
  const warnings: unknown[] = [];
  const logger = { warn: (fields: unknown, message: string) => warnings.push([fields, message]) } as unknown as Logger;

  const start = (sandbox: boolean, breakPolicy = false) => {
    const app = express();
    app.set('trust proxy', false);
    app.use((req, res, next) => {
      setRequestState(res, { requestId: 'gw-1', clientRequestId: req.header('x-request-id') ?? null });
      next();
    });
    const policy = breakPolicy ? ({ purposes: null } as unknown as Policy) : POLICY;
    app.use(
      authenticate(
        verifier,
        policy,
        { sandbox },
        { logger, onUnauthenticated: (reason) => unauthenticated.push(reason), audit: (record) => audited.push(record) },
      ),
    );
    app.use((_req, res) => {
      const { principal, allowedPurposes, graphqlRequest } = requestStateOf(res);
      // What Apollo would execute instead of the request as it came, if anything.
      const instead = graphqlRequest ? { method: graphqlRequest.method, search: graphqlRequest.search } : null;
      res.json({ instead, principal: principal ?? null, allowedPurposes: allowedPurposes ?? null });
    });
    return new Promise<void>((resolve) => {
      server = app.listen(0, '127.0.0.1', () => {
        base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
        resolve();
      });
    });
  };

  const call = async (path: string, init: { method?: string; headers?: Record<string, string> } = {}): Promise<Run> => {
    const response = await fetch(`${base}${path}`, { method: init.method ?? 'POST', headers: init.headers });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : undefined, contentType: response.headers.get('content-type') };
  };

  beforeEach(() => {
    audited.length = 0;
    unauthenticated.length = 0;
    warnings.length = 0;
  });
  afterEach(() => new Promise((resolve) => server.close(resolve)));

  it('puts the verified caller and the purposes its token allows into the request state', async () => {
    await start(false);
    const run = await call('/graphql', { headers: { authorization: 'Bearer clerk.token' } });
    expect(run).toEqual({
      status: 200,
      contentType: expect.stringContaining('application/json'),
      body: {
        instead: null,
        principal: {
          subject: 'clerk@example.com',
          scopes: ['customer:read'],
          purpose: 'sales',
          clientId: 'clerk-app',
          clientKind: 'first-party',
        },
        allowedPurposes: ['sales', 'support'],
      },
    });
    expect([audited, unauthenticated, warnings]).toEqual([[], [], []]);
  });

  it('serves the purpose x-purpose names, and the default one for an empty header', async () => {
    await start(false);
    expect(
      (await call('/graphql', { headers: { authorization: 'Bearer clerk.token', 'x-purpose': 'support' } })).body.principal.purpose,
    ).toBe('support');
    expect((await call('/graphql', { headers: { authorization: 'Bearer clerk.token', 'x-purpose': '' } })).body.principal.purpose).toBe(
      'sales',
    );
  });

  it.each([
    ['no Authorization header', {}],
    ['another scheme', { authorization: 'Basic clerk.token' }],
    ['a lower-case scheme', { authorization: 'bearer clerk.token' }],
    ['a token with a space in it', { authorization: 'Bearer clerk.token more' }],
    ['a token with characters no token has', { authorization: 'Bearer clerk.token!' }],
    ['text before the scheme', { authorization: 'x Bearer clerk.token' }],
  ])('refuses a request with %s (401), nothing runs', async (_, headers) => {
    await start(false);
    expect(await call('/graphql?x=1', { headers })).toEqual({
      status: 401,
      contentType: 'application/json; charset=utf-8',
      body: { errors: [{ message: 'An Authorization: Bearer token is required', extensions: { code: 'UNAUTHENTICATED' } }] },
    });
    expect(unauthenticated).toEqual(['no_token']);
    expect(warnings).toEqual([
      [{ requestId: 'gw-1', reason: 'An Authorization: Bearer token is required', ip: '127.0.0.1' }, 'unauthenticated request refused'],
    ]);
    expect(audited).toEqual([]);
  });

  it('accepts every character a bearer token may carry', async () => {
    TOKENS['A-z0._~+/9='] = CLERK;
    await start(false);
    expect((await call('/graphql', { headers: { authorization: 'Bearer A-z0._~+/9=' } })).status).toBe(200);
  });

  it('refuses a token that does not verify (401)', async () => {
    await start(false);
    expect(await call('/graphql', { headers: { authorization: 'Bearer forged.token' } })).toMatchObject({
      status: 401,
      body: { errors: [{ message: 'The token is not valid', extensions: { code: 'UNAUTHENTICATED' } }] },
    });
    expect(unauthenticated).toEqual(['invalid_token']);
  });

  it('refuses a verified token that names no caller, saying why (401)', async () => {
    await start(false);
    expect(await call('/graphql', { headers: { authorization: 'Bearer no-client.token' } })).toMatchObject({
      status: 401,
      body: { errors: [{ message: 'The token has no client_id', extensions: { code: 'UNAUTHENTICATED' } }] },
    });
    expect(unauthenticated).toEqual(['invalid_token']);
    expect(warnings).toEqual([
      [{ requestId: 'gw-1', reason: 'The token has no client_id', ip: '127.0.0.1' }, 'unauthenticated request refused'],
    ]);
  });

  it('says no more than "not valid" when reading a token fails unexpectedly', async () => {
    await start(false, true);
    expect(await call('/graphql', { headers: { authorization: 'Bearer clerk.token' } })).toMatchObject({
      status: 401,
      body: { errors: [{ message: 'The token is not valid', extensions: { code: 'UNAUTHENTICATED' } }] },
    });
  });

  it('answers in the media type the client prefers', async () => {
    await start(false);
    expect((await call('/graphql', { headers: { accept: 'application/graphql-response+json' } })).contentType).toBe(
      'application/graphql-response+json; charset=utf-8',
    );
  });

  it('refuses a purpose the token does not allow (403) and audits the attempt under that purpose', async () => {
    await start(false);
    const run = await call('/graphql', {
      headers: { authorization: 'Bearer clerk.token', 'x-purpose': 'audit', 'x-request-id': 'theirs-1' },
    });
    expect(run).toEqual({
      status: 403,
      contentType: 'application/json; charset=utf-8',
      body: { errors: [{ message: 'This token may not be used for the purpose "audit"', extensions: { code: 'PURPOSE_NOT_ALLOWED' } }] },
    });
    expect(audited).toEqual([
      {
        at: expect.any(String),
        kind: 'refused',
        refusal: 'PURPOSE_NOT_ALLOWED',
        requestId: 'gw-1',
        clientRequestId: 'theirs-1',
        subject: 'clerk@example.com',
        clientId: 'clerk-app',
        clientKind: 'first-party',
        purpose: 'audit',
        operationName: null,
        operationHash: '',
        returned: [],
        masked: [],
        denied: [],
        customers: [],
      },
    ]);
    expect([unauthenticated, warnings]).toEqual([[], []]);
  });

  describe('with the Sandbox landing page', () => {
    const BROWSER = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';

    it('lets a browser GET the page without a token, and reads no operation from the query string', async () => {
      await start(true);
      expect(await call('/graphql?query=%7B__typename%7D', { method: 'GET', headers: { accept: BROWSER } })).toMatchObject({
        status: 200,
        body: { instead: { method: 'GET', search: '' }, principal: null, allowedPurposes: null },
      });
      expect([unauthenticated, warnings]).toEqual([[], []]);
    });

    it.each([
      ['a POST that prefers HTML', 'POST', { accept: BROWSER }],
      ['a GET that prefers JSON', 'GET', { accept: 'application/json, text/html;q=0.9' }],
      ['a GET without Accept', 'GET', { accept: '' }],
      ['a GET that prefers GraphQL responses', 'GET', { accept: 'application/graphql-response+json, text/html' }],
      ['a GET that prefers JSON with a charset', 'GET', { accept: 'application/json; charset=utf-8, text/html;q=0.9' }],
      ['a GET that prefers deferred multipart responses', 'GET', { accept: 'multipart/mixed; deferSpec=20220824, text/html;q=0.9' }],
      ['a GET that prefers incremental multipart responses', 'GET', { accept: 'multipart/mixed; incrementalSpec=v0.2, text/html;q=0.9' }],
      ['a GET that prefers multipart responses', 'GET', { accept: 'multipart/mixed, text/html;q=0.9' }],
    ])('still needs a token for %s', async (_, method, headers) => {
      await start(true);
      expect((await call('/graphql', { method, headers })).status).toBe(401);
    });

    it('is not served when the Sandbox is off', async () => {
      await start(false);
      expect((await call('/graphql', { method: 'GET', headers: { accept: BROWSER } })).status).toBe(401);
    });
  });
});
