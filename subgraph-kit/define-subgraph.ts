import type { GraphQLSchema } from 'graphql';
import type { Principal } from '../contracts/principal';
import { DEFAULT_PORTS, PORT_VARIABLES, type SubgraphName } from '../contracts/subgraphs';
import type { Knex } from '../platform/database';
import type { EnvReader } from '../platform/env-reader';
import { readSubgraphServiceConfig, type SubgraphServiceConfig } from '../platform/service-defaults';
import type { BatchObserver } from './loaders';
import { type RunningSubgraph, serviceOptionsOf, type SubgraphServiceOptions, startSubgraph } from './subgraph-server';

/**
 * What makes one subgraph itself; the rest (configuration, HTTP, tokens, metrics,
 * readiness, shutdown) is the same for every subgraph and comes from the kit.
 * `Resources` is what the subgraph connects to once per service (pools, clients).
 */
interface SubgraphSpec<Settings, Resources, Loaders> {
  name: SubgraphName;
  /** Its own settings from the environment (the system it reads, say); port, host and secrets are read for every subgraph. */
  readSettings: (env: EnvReader) => Settings;
  buildSchema: () => Promise<GraphQLSchema>;
  /**
   * Connects to the system behind the subgraph (or, with the internal token secret, to the gateway), when the service starts;
   * the service's logger is for the drivers' own messages, so each line names the service.
   */
  connect: (settings: Settings & Pick<SubgraphServiceOptions, 'internalTokenSecret' | 'logger'>) => Resources;
  /** Called once per request: loaders never outlive the request that made them. */
  createLoaders: (resources: Resources, principal: Principal, observeBatch: BatchObserver) => Loaders;
  /** Resolves when the system behind the subgraph answers; rejects otherwise. */
  checkReady: (resources: Resources) => Promise<void>;
  /** Databases whose statements are counted at /metrics. */
  databases?: (resources: Resources) => Array<{ system: string; db: Knex }>;
  /** Closes what `connect` opened, after the last request finished. */
  stop?: (resources: Resources) => Promise<void>;
}

/** A subgraph's configuration as read from the environment: the service's and its own settings. */
type SubgraphConfig<Settings> = SubgraphServiceConfig & { port: number; portVariable?: string } & Settings;

/** A running subgraph, with what it connected to (its database pool, say). */
type RunningSubgraphWith<Resources> = RunningSubgraph & Resources;

export interface Subgraph<Settings, Resources> {
  name: SubgraphName;
  buildSchema: () => Promise<GraphQLSchema>;
  /**
   * Its port variable (PORT_VARIABLES, `CRM_PORT` say; default from DEFAULT_PORTS), HOST,
   * INTERNAL_TOKEN_SECRET, METRICS_TOKEN, NODE_ENV and its own settings.
   */
  readConfig: (env: EnvReader) => SubgraphConfig<Settings>;
  /** Connects, builds the schema and listens. */
  start: (options: SubgraphServiceOptions & Settings) => Promise<RunningSubgraphWith<Resources>>;
}

// biome-ignore lint/suspicious/noExplicitAny: any subgraph, whatever its settings and resources
type AnySubgraph = Subgraph<any, any>;

/** The configuration `readConfig` gives for a subgraph. */
export type ConfigOf<S extends AnySubgraph> = ReturnType<S['readConfig']>;

/** What `start` gives for a subgraph. */
export type RunningOf<S extends AnySubgraph> = Awaited<ReturnType<S['start']>>;

/** One subgraph service, from what makes it itself. */
export function defineSubgraph<Settings, Resources, Loaders>(
  spec: SubgraphSpec<Settings, Resources, Loaders>,
): Subgraph<Settings, Resources> {
  return {
    name: spec.name,
    buildSchema: spec.buildSchema,
    readConfig: (env) => ({
      port: env.port(PORT_VARIABLES[spec.name], DEFAULT_PORTS[spec.name]),
      portVariable: PORT_VARIABLES[spec.name],
      ...readSubgraphServiceConfig(env),
      ...spec.readSettings(env),
    }),
    start: async (options) => {
      const { stop } = spec;
      const schema = await spec.buildSchema();
      const resources = spec.connect(options);
      try {
        const service = await startSubgraph({
          name: spec.name,
          schema,
          ...serviceOptionsOf(options),
          createLoaders: (principal, observeBatch) => spec.createLoaders(resources, principal, observeBatch),
          databases: spec.databases?.(resources),
          checkReady: () => spec.checkReady(resources),
          onStop: stop && (() => stop(resources)),
        });
        return { ...resources, ...service };
      } catch (error) {
        await stop?.(resources);
        throw error;
      }
    },
  };
}
