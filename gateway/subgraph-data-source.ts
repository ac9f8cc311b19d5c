import type { GraphQLDataSource, GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import type { GatewayGraphQLRequest, GatewayGraphQLResponse } from '@apollo/server-gateway-interface';
import { GraphQLError } from 'graphql';
import { LRUCache } from 'lru-cache';
import { INTERNAL_TOKEN_TTL_SECONDS, signInternalToken } from '../contracts/internal-token';
import type { Logger } from '../platform/logger';
import { principalKey } from '../contracts/principal';
import { ErrorCode } from '../contracts/error-codes';
import { deduplicateRepresentations, expandEntities } from './deduplicated-representations';
import { failedFetchErrors } from './failed-fetch-errors';
import type { GatewayContext } from './gateway-context';
import type { GatewayMetrics } from './observability/gateway-metrics';
import { type HttpAnswer, HttpConnection } from '../platform/http-connection';

/**
 * How the gateway calls a subgraph. Every call carries a short-lived token signed for
 * that subgraph with the caller inside (subgraphs answer nothing else) and the request
 * id, so logs line up across services. An entity reached at several places in the
 * response is asked for once. A failed call (refused, timed out, non-2xx) becomes
 * one stable error at the paths it would have filled: the stock message names
 * internal hosts and URLs, and has no path.
 *
 * It implements @apollo/gateway's `GraphQLDataSource` itself rather than subclassing
 * `RemoteGraphQLDataSource`, which builds node-fetch `Request` and `Headers` objects for
 * every call whatever the fetcher; this gateway needs none of what they carry.
 */
export class SubgraphDataSource implements GraphQLDataSource<GatewayContext> {
  readonly name: string;
  private readonly logger: Logger;
  private readonly internalTokenKey: Uint8Array;
  private readonly metrics?: GatewayMetrics;
  private readonly connection: HttpConnection;
  private readonly tokens = new LRUCache<string, string>({
    max: 10_000,
    ttl: (INTERNAL_TOKEN_TTL_SECONDS * 1000) / 2,
    perf: Date,
    ttlResolution: 0,
  });

  constructor(config: {
    name: string;
    url: string;
    logger: Logger;
    internalTokenKey: Uint8Array;
    timeoutMs: number;
    /** Requests in flight to the subgraph at most; more wait their turn (unbounded when not given). */
    connections?: number;
    metrics?: GatewayMetrics;
  }) {
    this.name = config.name;
    this.logger = config.logger;
    this.internalTokenKey = config.internalTokenKey;
    this.metrics = config.metrics;
    this.connection = new HttpConnection(config.url, config.timeoutMs, { connections: config.connections });
  }

  /** Closes the kept-alive connections (the gateway is stopping). */
  close(): Promise<void> {
    return this.connection.close();
  }

  async process({ request, context }: GraphQLDataSourceProcessOptions<GatewayContext>): Promise<GatewayGraphQLResponse> {
    // Health checks and schema loading have no caller; this gateway does neither through data sources.
    if (!('principal' in context) || !context.principal) throw new Error('subgraph call without a caller');
    const done = this.metrics?.subgraphFetchDuration.startTimer({ subgraph: this.name });
    try {
      return await this.deduplicated(request, context as GatewayContext);
    } catch (error) {
      if (error instanceof GraphQLError && error.extensions.serviceName === this.name) return failedFetchErrors(error, request);
      throw error;
    } finally {
      done?.();
    }
  }

  private async deduplicated(request: GatewayGraphQLRequest, context: GatewayContext): Promise<GatewayGraphQLResponse> {
    const representations = request.variables?.representations;
    if (!Array.isArray(representations) || representations.length < 2) return this.send(requestBody(request), context);
    const { unique, positions } = deduplicateRepresentations(representations);
    const answer = await this.send(requestBody(request, unique), context);
    return unique.length === representations.length ? answer : expandEntities(answer, positions);
  }

  /** `body`: the request as JSON. */
  private async send(body: string, context: GatewayContext): Promise<GatewayGraphQLResponse> {
    const headers = {
      'content-type': 'application/json',
      authorization: `Bearer ${await this.tokenFor(context.principal)}`,
      'x-request-id': context.requestId,
    };
    let answer: HttpAnswer;
    try {
      answer = await this.connection.post(body, headers);
    } catch (error) {
      throw this.unavailable(error as Error);
    }
    const parsed = parseJson(answer.body);
    if (answer.status >= 200 && answer.status < 300 && isObject(parsed)) return parsed as GatewayGraphQLResponse;
    // A value the gateway passes through untouched (a custom scalar) that the subgraph refuses
    // is the caller's mistake, not an outage: its message names only the variable and the type.
    const refusal = answer.status === 400 ? badUserInputIn(parsed) : undefined;
    if (refusal) throw new GraphQLError(refusal, { extensions: { code: ErrorCode.BadUserInput, serviceName: this.name } });
    throw this.unavailable(new Error(`HTTP ${answer.status}: ${answer.body.slice(0, 200)}`));
  }

  /** A caller's token for this subgraph is reused for half its life instead of signed per call. */
  private async tokenFor(principal: GatewayContext['principal']): Promise<string> {
    const key = principalKey(principal);
    const cached = this.tokens.get(key);
    if (cached) return cached;
    const token = await signInternalToken(principal, this.name, this.internalTokenKey);
    this.tokens.set(key, token);
    return token;
  }

  /** The details go to the log; the caller learns only which service is missing. */
  private unavailable(cause: Error): GraphQLError {
    this.metrics?.subgraphFetchFailures.inc({ subgraph: this.name });
    this.logger.warn({ subgraph: this.name, err: cause }, 'subgraph call failed');
    return new GraphQLError(`The ${this.name} service is not available right now`, {
      extensions: { code: ErrorCode.SubgraphUnavailable, serviceName: this.name },
    });
  }
}

/**
 * The request as the subgraph receives it. The representations, when given, are already JSON
 * (de-duplication serialised each of them once): they are spliced in rather than serialised again.
 */
function requestBody(request: GatewayGraphQLRequest, representationsJson?: readonly string[]): string {
  const { query, operationName, variables, extensions } = request;
  if (!representationsJson) return JSON.stringify({ query, operationName, variables, extensions });
  const { representations: _, ...others } = variables ?? {};
  const rest = JSON.stringify(others).slice(1, -1);
  const spliced = `{"representations":[${representationsJson.join(',')}]${rest ? `,${rest}` : ''}}`;
  const head = JSON.stringify({ query, operationName }).slice(1, -1);
  const tail = extensions === undefined ? '' : `,"extensions":${JSON.stringify(extensions)}`;
  return `{${head ? `${head},` : ''}"variables":${spliced}${tail}}`;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The subgraph's message when it refused a variable's value (BAD_USER_INPUT), else undefined. */
function badUserInputIn(body: unknown): string | undefined {
  const refusal =
    isObject(body) && Array.isArray(body.errors)
      ? (body.errors[0] as { message?: unknown; extensions?: { code?: unknown } } | undefined)
      : undefined;
  return refusal?.extensions?.code === ErrorCode.BadUserInput && typeof refusal.message === 'string' ? refusal.message : undefined;
}
