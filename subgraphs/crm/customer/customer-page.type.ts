import { Field, ObjectType } from 'type-graphql';
import { Customer } from './customer.type';

@ObjectType({ description: 'Where a page ends and whether more follow.' })
export class PageInfo {
  @Field({ description: 'True when another page follows.' })
  hasNextPage: boolean;

  @Field(() => String, { nullable: true, description: 'Pass as `after` to get the next page.' })
  endCursor: string | null;
}

@ObjectType({ description: 'A page of customers in customer-number order.' })
export class CustomerPage {
  @Field(() => [Customer], { description: 'The customers of this page.' })
  nodes: Customer[];

  @Field(() => PageInfo, { description: 'How to continue.' })
  pageInfo: PageInfo;
}
