import type { ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginLandingPageLocalDefault } from '@apollo/server/plugin/landingPage/default';

/** What an architect finds preloaded in Apollo Sandbox. */
const SANDBOX_EXAMPLE = `# A customer from every subgraph. Set the Authorization header first:
#   npm run -s token -- --role architect   (schema only)   or   --role dpo   (all data)
query Customer360($id: ID! = "1000002") {
  customer(id: $id) {
    name
    email
    accounts { accountNumber businessUnit }
    orders(first: 3) { orderNumber placedAt total { amount currency } }
    archivedOrders(first: 3) { accountNumber orderNumber placedAt }
    valueTier
    riskRating { rating since }
    costToServe { total { amount } byChannel { channel contacts } }
  }
}
`;

/** Apollo Sandbox at GET /graphql for browsers, with the example and a hint for the token. */
export function sandboxPlugin(enabled: boolean): ApolloServerPlugin {
  if (!enabled) return ApolloServerPluginLandingPageDisabled();
  return ApolloServerPluginLandingPageLocalDefault({
    includeCookies: false,
    embed: { endpointIsEditable: false, runTelemetry: false },
    document: SANDBOX_EXAMPLE,
    headers: { Authorization: 'Bearer <paste the output of: npm run -s token -- --role architect>' },
  });
}
