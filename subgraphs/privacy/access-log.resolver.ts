import { GraphQLDateTimeISO } from 'graphql-scalars';
import { Arg, Ctx, FieldResolver, Int, Query, Resolver, Root } from 'type-graphql';
import type { FieldRule } from '../../policy/field-rules';
import { Classified } from '../../resolvers/data-protection';
import { checkPageSize } from '../../resolvers/pagination';
import { AccessLogEntry, Customer } from './access-log.type';
import type { PrivacyContext } from './privacy.loaders';

/** Only the data-protection officer reads the audit trail. */
const AUDIT: FieldRule = { category: 'BEHAVIOURAL', scopes: [['audit:read']], purposes: ['data_protection'] };
const MAX_ENTRIES = 100;

@Resolver(() => Customer)
export class AccessLogResolver {
  @Classified(AUDIT)
  @FieldResolver(() => [AccessLogEntry], { name: 'accessLog', nullable: true, description: "Who read this customer's personal data, newest first." })
  customerAccessLog(
    @Root() customer: Customer,
    @Arg('first', () => Int, { defaultValue: 20, description: `How many entries (1 to ${MAX_ENTRIES}).` }) first: number,
    @Ctx() ctx: PrivacyContext,
  ): Promise<AccessLogEntry[]> {
    return ctx.loaders.accessLogFor(checkPageSize(first, { argumentName: 'first', max: MAX_ENTRIES })).load(customer.id);
  }

  @Classified(AUDIT)
  @Query(() => [AccessLogEntry], { nullable: true, description: 'The audit trail across customers, newest first, by time range and caller.' })
  accessLog(
    @Arg('from', () => GraphQLDateTimeISO, { nullable: true, description: 'Entries at or after this time.' }) from: Date | null,
    @Arg('to', () => GraphQLDateTimeISO, { nullable: true, description: 'Entries before this time.' }) to: Date | null,
    @Arg('subject', () => String, { nullable: true, description: 'Only this caller (token subject).' }) subject: string | null,
    @Arg('first', () => Int, { defaultValue: 50, description: `How many entries (1 to ${MAX_ENTRIES}).` }) first: number,
    @Ctx() ctx: PrivacyContext,
  ): Promise<AccessLogEntry[]> {
    return ctx.loaders.search({
      from: from?.toISOString(), to: to?.toISOString(), subject: subject ?? undefined,
      limit: checkPageSize(first, { argumentName: 'first', max: MAX_ENTRIES }),
    });
  }
}
