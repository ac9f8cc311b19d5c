import { buildSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';
import { printSchemaWithDirectives } from '@graphql-tools/utils';
import { defaultFieldResolver, type GraphQLSchema, isNonNullType, isObjectType, parse } from 'graphql';
import gql from 'graphql-tag';
import { buildSchema, type BuildSchemaOptions, createResolversMap } from 'type-graphql';
import { describeRule } from '../policy/access';
import { type FieldRules, fieldRulesFromSdl, ruleFromDirectives } from '../policy/field-rules';
import { createFieldCheck, type StatusOf } from './auth-checker';
import { DATA_PROTECTION_DIRECTIVES, DATA_PROTECTION_LINK } from './data-protection';

/** The Federation 2 directives our subgraphs use, and our composed data-protection vocabulary. */
const SCHEMA_LINKS = `
  extend schema
    @link(
      url: "https://specs.apollo.dev/federation/v2.9"
      import: ["@key", "@shareable", "@external", "@requires", "@composeDirective", "@inaccessible", "@listSize"]
    )
    ${DATA_PROTECTION_LINK}
`;

interface FederatedSchemaOptions extends Omit<BuildSchemaOptions, 'skipCheck' | 'authChecker' | 'directives' | 'globalMiddlewares'> {
  /** How to find the restriction and consents of the customer a classified field belongs to. */
  protectionStatusOf: StatusOf;
}

/**
 * type-graphql classes → a Federation 2 subgraph schema: build with type-graphql,
 * print with the directives kept, rebuild with `buildSubgraphSchema` and the
 * resolvers merged back in (the approach of type-graphql's federation example).
 * Classified fields get their classification appended to their description and are
 * re-checked on every read by a check made from the same directives, wrapped around the field's
 * resolver (not type-graphql's auth middleware, an async chain of promises on every field of every object).
 */
export async function buildFederatedSchema(
  { protectionStatusOf, ...options }: FederatedSchemaOptions,
  referenceResolvers: GraphQLResolverMap<unknown> = {},
): Promise<GraphQLSchema> {
  const schema = await buildSchema({ ...options, skipCheck: true, directives: DATA_PROTECTION_DIRECTIVES });
  describeClassifiedFields(schema);
  const sdl = printSchemaWithDirectives(schema);
  const rules = fieldRulesFromSdl(parse(sdl));
  const resolvers = createResolversMap(schema) as GraphQLResolverMap<unknown>;
  for (const [typeName, fields] of Object.entries(referenceResolvers)) {
    resolvers[typeName] = { ...(resolvers[typeName] as object), ...(fields as object) } as never;
  }
  const subgraph = buildSubgraphSchema({
    typeDefs: gql`
      ${SCHEMA_LINKS}
      ${sdl}
    `,
    resolvers,
  });
  guardClassifiedFields(subgraph, rules, protectionStatusOf);
  return subgraph;
}

/** Every classified field of the schema resolves only once its check has let the caller read it on that object. */
function guardClassifiedFields(schema: GraphQLSchema, rules: FieldRules, statusOf: StatusOf): void {
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type)) continue;
    for (const field of Object.values(type.getFields())) {
      const rule = rules.get(`${type.name}.${field.name}`);
      if (!rule) continue;
      const check = createFieldCheck(rule, type.name, statusOf);
      const resolve = field.resolve ?? defaultFieldResolver;
      field.resolve = (root, args, context, info) => {
        const allowed = check(root, context);
        return allowed === true ? resolve(root, args, context, info) : allowed.then(() => resolve(root, args, context, info));
      };
    }
  }
}

/**
 * Appends the generated classification sentence to every classified field's
 * description, and insists that classified fields are nullable: a field withheld
 * from a caller must null only itself, not the customer around it.
 */
function describeClassifiedFields(schema: GraphQLSchema): void {
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type)) continue;
    for (const field of Object.values(type.getFields())) {
      const rule = ruleFromDirectives(field.astNode?.directives ?? []);
      if (!rule) continue;
      if (isNonNullType(field.type)) throw new Error(`${type.name}.${field.name} is classified, so it must be nullable`);
      field.description = `${field.description ?? ''} ${describeRule(rule, type.name)}`.trim();
    }
  }
}
