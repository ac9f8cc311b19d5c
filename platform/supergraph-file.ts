import { readFileSync } from 'node:fs';
import { Supergraph } from '@apollo/federation-internals';
import type { GraphQLSchema } from 'graphql';
import { fromProjectRoot } from './project-root';

/** The composed supergraph the gateway routes by (`npm run compose` writes it). */
export const DEFAULT_SUPERGRAPH_PATH = fromProjectRoot('schema', 'supergraph.graphql');

/** The schema clients see: the supergraph without federation's join/link machinery. */
export function apiSchemaOf(supergraphSdl: string): GraphQLSchema {
  return Supergraph.build(supergraphSdl).apiSchema().toGraphQLJSSchema();
}

export function apiSchemaFromFile(supergraphPath: string): GraphQLSchema {
  return apiSchemaOf(readFileSync(supergraphPath, 'utf8'));
}
