import { GraphQLDateTimeISO } from 'graphql-scalars';
import { Arg, Ctx, Directive, FieldResolver, Int, Query, Resolver, Root } from 'type-graphql';
import { Classified } from '../../subgraph-kit/data-protection';
import { AUDIT } from '../../policy/field-classes';
import { UserInputError } from '../../contracts/errors';
import { checkPageSize, listSize } from '../../subgraph-kit/pagination';
import { AccessLogEntry, Customer } from './access-log.type';
import type { PrivacyContext } from './loaders';

const MAX_ENTRIES = 100;
const KINDS = ['read', 'refused'];

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
  @Directive(listSize.slicedBy('first'))
  @Query(() => [AccessLogEntry], {
    nullable: true,
    description:
      'The audit trail across customers, newest first, by time range, caller, kind and customer; each entry covers the whole operation.',
  })
  accessLog(
    @Arg('from', () => GraphQLDateTimeISO, { nullable: true, description: 'Entries at or after this time.' }) from: Date | null,
    @Arg('to', () => GraphQLDateTimeISO, { nullable: true, description: 'Entries before this time.' }) to: Date | null,
    @Arg('subject', () => String, { nullable: true, description: 'Only this caller (token subject).' }) subject: string | null,
    @Arg('kind', () => String, { nullable: true, description: 'Only entries of this kind: read or refused.' }) kind: string | null,
    @Arg('customerId', () => String, { nullable: true, description: 'Only operations that concerned this customer.' }) customerId:
      | string
      | null,
    @Arg('first', () => Int, { defaultValue: 50, description: `How many entries (1 to ${MAX_ENTRIES}).` }) first: number,
    @Ctx() ctx: PrivacyContext,
  ): Promise<AccessLogEntry[]> {
    if (kind !== null && kind !== undefined && !KINDS.includes(kind))
      throw new UserInputError(`kind must be one of ${KINDS.join(', ')}`, 'kind');
    return ctx.loaders.search({
      from: from?.toISOString(),
      to: to?.toISOString(),
      subject: subject ?? undefined,
      kind: kind ?? undefined,
      customerId: customerId ?? undefined,
      limit: checkPageSize(first, { argumentName: 'first', max: MAX_ENTRIES }),
    });
  }
}

@Resolver(() => AccessLogEntry)
export class AccessLogEntryResolver {
  @FieldResolver()
  async customerIds(@Root() entry: AccessLogEntry, @Ctx() ctx: PrivacyContext): Promise<string[]> {
    return entry.customerIds ?? (await ctx.loaders.customerIdsOf().load(entry.id))?.customerIds ?? [];
  }
}
