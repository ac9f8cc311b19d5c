import { DirectiveLocation, GraphQLDirective, GraphQLList, GraphQLNonNull, GraphQLString } from 'graphql';
import { Directive } from 'type-graphql';
import type { FieldRule } from '../policy/field-rules';

/**
 * The data-protection vocabulary every subgraph declares and composes into the
 * supergraph (`@composeDirective`), where the gateway reads it.
 */
export const DATA_PROTECTION_LINK = `@link(url: "https://customer-graph.dev/data-protection/v1.0"
    import: ["@personal", "@access", "@consent"])
    @composeDirective(name: "@personal") @composeDirective(name: "@access") @composeDirective(name: "@consent")`;

const names = new GraphQLNonNull(new GraphQLList(new GraphQLNonNull(GraphQLString)));

export const DATA_PROTECTION_DIRECTIVES = [
  new GraphQLDirective({
    name: 'personal',
    description:
      'Personal data of the given category (CONTACT, IDENTITY, FINANCIAL, BEHAVIOURAL, PROFILING, RISK, SPECIAL); ' +
      '`mask` says how it is shown partially.',
    locations: [DirectiveLocation.FIELD_DEFINITION],
    args: { category: { type: new GraphQLNonNull(GraphQLString) }, mask: { type: GraphQLString } },
  }),
  new GraphQLDirective({
    name: 'access',
    description: 'Who may read the field: any one of the scope sets, and only for the listed purposes when given.',
    locations: [DirectiveLocation.FIELD_DEFINITION],
    args: {
      scopes: { type: new GraphQLNonNull(new GraphQLList(names)) },
      purposes: { type: new GraphQLList(new GraphQLNonNull(GraphQLString)) },
    },
  }),
  new GraphQLDirective({
    name: 'consent',
    description: "For the listed purposes the data subject's consent to `topic` is needed.",
    locations: [DirectiveLocation.FIELD_DEFINITION],
    args: { topic: { type: new GraphQLNonNull(GraphQLString) }, purposes: { type: names } },
  }),
];

/**
 * Classifies a field, next to its definition: writes `@personal`, `@access` and
 * `@consent` into the schema, from which the subgraph re-checks it on every read (buildFederatedSchema).
 */
export function Classified(rule: FieldRule): PropertyDecorator & MethodDecorator {
  const decorators = [
    Directive(`@personal(category: "${rule.category}"${rule.mask ? `, mask: "${rule.mask}"` : ''})`),
    Directive(`@access(scopes: ${JSON.stringify(rule.scopes)}${rule.purposes ? `, purposes: ${JSON.stringify(rule.purposes)}` : ''})`),
    ...(rule.consent ? [Directive(`@consent(topic: "${rule.consent.topic}", purposes: ${JSON.stringify(rule.consent.purposes)})`)] : []),
  ];
  return ((target: object, key: string | symbol, descriptor?: PropertyDescriptor) => {
    for (const decorate of decorators)
      (decorate as (t: object, k: string | symbol, d?: PropertyDescriptor) => void)(target, key, descriptor);
  }) as PropertyDecorator & MethodDecorator;
}
