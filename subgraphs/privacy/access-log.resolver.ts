import { GraphQLDateTimeISO } from 'graphql-scalars';
import { Arg, Ctx, Directive, FieldResolver, Int, Query, Resolver, Root } from 'type-graphql';
import { Classified } from '../../subgraph-kit/data-protection';
import { AUDIT } from '../../policy/field-classes';
import { UserInputError } from '../../contracts/errors';
import { checkPageSize, decodeCursor, encodeCursor, listSize } from '../../subgraph-kit/pagination';
import { AccessKind, AccessLogEntry, AccessLogPage, Customer } from './access-log.type';
import type { PrivacyContext } from './loaders';

const MAX_ENTRIES = 100;

@Resolver(() => Customer)
export class AccessLogResolver {
  @Classified(AUDIT)
  @Directive(listSize.slicedBy('first'))
  @FieldResolver(() => [AccessLogEntry], {
    name: 'accessLog',
    nullable: true,
    description:
      "Who read this customer's personal data, newest first; each entry says what this customer had returned, masked and withheld.",
  })
  customerAccessLog(
    @Root() customer: Customer,
    @Arg('first', () => Int, { defaultValue: 20, description: `How many entries (1 to ${MAX_ENTRIES}).` }) first: number,
    @Ctx() ctx: PrivacyContext,
  ): Promise<AccessLogEntry[]> {
    return ctx.loaders.accessLogFor(checkPageSize(first, { argumentName: 'first', max: MAX_ENTRIES })).load(customer.id);
  }

  @Classified(AUDIT)
  @Directive(listSize.page('first', 'nodes'))
  @Query(() => AccessLogPage, {
    nullable: true,
    description:
      'The audit trail across customers, newest first, a page at a time (keyset pagination), filtered by time range, caller, ' +
      'client, purpose, kind, customer and whether it searched customers (the filters combine); each entry covers the whole operation.',
  })
  async accessLog(
    @Arg('first', () => Int, { defaultValue: 20, description: `Page size, 1 to ${MAX_ENTRIES}.` }) first: number,
    @Arg('after', () => String, { nullable: true, description: '`pageInfo.endCursor` of the previous page.' }) after: string | null,
    @Arg('from', () => GraphQLDateTimeISO, { nullable: true, description: 'Entries at or after this time (inclusive).' }) from: Date | null,
    @Arg('to', () => GraphQLDateTimeISO, { nullable: true, description: 'Entries before this time (exclusive).' }) to: Date | null,
    @Arg('subject', () => String, { nullable: true, description: 'Only this caller (token subject).' }) subject: string | null,
    @Arg('clientId', () => String, { nullable: true, description: 'Only this application (client id).' }) clientId: string | null,
    @Arg('purpose', () => String, { nullable: true, description: 'Only requests made for this purpose.' }) purpose: string | null,
    @Arg('kind', () => AccessKind, { nullable: true, description: 'Only entries of this kind.' }) kind: AccessKind | null,
    @Arg('customerId', () => String, { nullable: true, description: 'Only operations that concerned this customer.' }) customerId:
      | string
      | null,
    @Arg('searched', () => Boolean, {
      nullable: true,
      description: 'true: only operations that searched customers (`Query.findCustomers`, see `searches`); false: only the others.',
    })
    searched: boolean | null,
    @Ctx() ctx: PrivacyContext,
  ): Promise<AccessLogPage> {
    checkPageSize(first, { argumentName: 'first', max: MAX_ENTRIES });
    const beforeId = after == null ? undefined : decodeCursor(after);
    if (from && to && from.getTime() > to.getTime()) throw new UserInputError('from must not be after to', 'from');
    const entries = await ctx.loaders.page({
      filter: {
        from: from?.toISOString(),
        to: to?.toISOString(),
        subject: subject ?? undefined,
        clientId: clientId ?? undefined,
        purpose: purpose ?? undefined,
        kind: kind ?? undefined,
        customerId: customerId ?? undefined,
        searched: searched ?? undefined,
      },
      beforeId,
      limit: first + 1,
    });
    const nodes = entries.slice(0, first);
    const last = nodes[nodes.length - 1];
    return { nodes, pageInfo: { hasNextPage: entries.length > first, endCursor: last ? encodeCursor(Number(last.id)) : null } };
  }
}

@Resolver(() => AccessLogEntry)
export class AccessLogEntryResolver {
  @FieldResolver()
  async customerIds(@Root() entry: AccessLogEntry, @Ctx() ctx: PrivacyContext): Promise<string[]> {
    return entry.customerIds ?? (await ctx.loaders.customerIdsOf().load(entry.id))?.customerIds ?? [];
  }
}
