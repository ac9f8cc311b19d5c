import { GraphQLDateTimeISO } from 'graphql-scalars';
import { Directive, Field, Float, Int, ObjectType } from 'type-graphql';
import { listSize } from '../../subgraph-kit/pagination';

@ObjectType({ description: 'How one role, for one of its purposes, may read a classified field.' })
export class InventoryRoleAccess {
  @Field({ description: 'A role of the policy.' })
  role: string;

  @Field({ description: 'One of its purposes.' })
  purpose: string;

  @Field({ description: 'True when the role sees the field masked (shown partially).' })
  masked: boolean;

  @Field(() => String, { nullable: true, description: 'The consent topic the customer must have granted for this purpose, if any.' })
  consent?: string | null;
}

@ObjectType({ description: 'How many times one client read a classified field for one purpose over the period (from the audit trail).' })
export class InventoryObservedRead {
  @Field({ description: 'The application that read it (client id).' })
  clientId: string;

  @Field({ description: 'The purpose it was read for.' })
  purpose: string;

  @Field(() => Int, { description: 'How many operations returned it.' })
  reads: number;

  @Field(() => GraphQLDateTimeISO, { description: 'When it was last read.' })
  lastAt: string;
}

@ObjectType({ description: 'The consent a field needs: for these purposes the customer must have granted the topic.' })
export class InventoryConsent {
  @Field({ description: 'The consent topic (email, phone, post, profiling).' })
  topic: string;

  @Directive(listSize.assumed(10))
  @Field(() => [String], { description: 'The purposes that need it.' })
  purposes: string[];
}

@ObjectType({
  description:
    'How many customers (in the archive: accounts) a system holds a value of a field for, counted in the system: ' +
    'counts only, never a value.',
})
export class InventoryCoverage {
  @Field({ description: 'oltp, warehouse or archive.' })
  system: string;

  @Field({ description: 'Where it was counted, as table.column.' })
  source: string;

  @Field({ description: 'customer, or account where the system knows no customer (the archive).' })
  unit: string;

  @Field(() => Int, { description: 'How many customers (accounts) have at least one non-null value.' })
  withValue: number;

  @Field(() => Int, { description: 'How many customers (accounts) the OLTP holds.' })
  total: number;

  @Field(() => Float, {
    nullable: true,
    description: 'withValue / total (null when total is 0); above 1 when a system holds customers the OLTP does not.',
  })
  share: number | null;
}

@ObjectType({ description: "How recent a system's data is: the newest value of one of its date or time columns." })
export class InventoryFreshness {
  @Field({ description: 'warehouse or archive.' })
  system: string;

  @Field({ description: 'What was looked at, as table.column (warehouse_load.loaded_at: the last load).' })
  source: string;

  @Field(() => String, {
    nullable: true,
    description: 'The newest value (ISO 8601, as the system stores it); null when empty or not measured.',
  })
  newest: string | null;

  @Field(() => String, { nullable: true, description: 'Why newest is null when the system was not measured.' })
  note: string | null;
}

@ObjectType({ description: 'One classified field: where it lives, what it is, who may read it, who did, and how complete it is.' })
export class InventoryField {
  @Field({ description: 'The schema coordinate (Type.field).' })
  coordinate: string;

  @Field({ description: 'The subgraph that resolves it.' })
  subgraph: string;

  @Field({ description: 'The system of record it comes from.' })
  systemOfRecord: string;

  @Field({ description: 'Its category of personal data (IDENTITY, CONTACT, FINANCIAL, BEHAVIOURAL, PROFILING, RISK).' })
  category: string;

  @Field({ description: 'Its key in the Fides taxonomy (data category).' })
  fidesDataCategory: string;

  @Field(() => String, { nullable: true, description: 'How it is masked for roles that may not see it in full (null: never masked).' })
  mask: string | null;

  @Directive(listSize.assumed(10))
  @Field(() => [String], { description: 'The purposes some role may read it for.' })
  purposes: string[];

  @Directive(listSize.assumed(10))
  @Field(() => [String], { description: 'Those purposes as Fides data uses.' })
  fidesDataUses: string[];

  @Field(() => InventoryConsent, { nullable: true, description: 'The consent it needs, if any.' })
  consent: InventoryConsent | null;

  @Directive(listSize.assumed(20))
  @Field(() => [InventoryRoleAccess], { description: 'Every role and purpose that may read it, and how.' })
  access: InventoryRoleAccess[];

  @Directive(listSize.assumed(20))
  @Field(() => [InventoryObservedRead], { description: 'Who read it over the period, by client and purpose, most reads first.' })
  observedReads: InventoryObservedRead[];

  @Field({ description: 'True when nobody read it over the period: a candidate for data minimisation.' })
  unread: boolean;

  @Field(() => InventoryCoverage, {
    nullable: true,
    description: 'How many customers the system holds a value for; null when not measured.',
  })
  coverage: InventoryCoverage | null;

  @Field(() => String, { nullable: true, description: 'Why coverage is null (not measurable, or the system did not answer).' })
  coverageNote: string | null;
}

@ObjectType({ description: 'Every classified field of the graph, with the reads of the period and what the systems measured.' })
export class DataInventory {
  @Field(() => GraphQLDateTimeISO, { description: 'Reads are counted from this time on.' })
  since: string;

  @Field(() => Int, { description: 'The period, in days.' })
  days: number;

  @Directive(listSize.assumed(10))
  @Field(() => [InventoryFreshness], { description: "The warehouse's last load and newest facts, the archive's newest records." })
  freshness: InventoryFreshness[];

  @Directive(listSize.assumed(100))
  @Field(() => [InventoryField], { description: 'Every classified field, in schema order.' })
  fields: InventoryField[];
}
