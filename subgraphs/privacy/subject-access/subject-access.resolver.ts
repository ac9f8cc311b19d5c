import { GraphQLDateTimeISO, GraphQLJSONObject } from 'graphql-scalars';
import { Arg, Ctx, Field, FieldResolver, ID, ObjectType, Query, Resolver, Root } from 'type-graphql';
import { SUBJECT_ACCESS } from '../../../policy/field-classes';
import { Classified } from '../../../subgraph-kit/data-protection';
import type { PrivacyContext } from '../loaders';
import { SUBJECT_ACCESS_FORMAT, type SubjectAccessDocument } from './subject-access-export';
import { subjectAccessHtml } from './subject-access-html';

@ObjectType({ description: "A data subject's copy of everything the graph holds about them, and who received it." })
export class SubjectAccessExport {
  @Field({ description: `The document's format (${SUBJECT_ACCESS_FORMAT}); its shape is documented in docs/dpo.md.` })
  format: string;

  @Field(() => ID, { description: 'CRM customer number.' })
  customerId: string;

  @Field(() => GraphQLDateTimeISO, { description: 'When the export was made.' })
  generatedAt: string;

  @Field(() => GraphQLJSONObject, {
    description:
      'The export, machine-readable (portability): every field of the customer with every list in full, each classified ' +
      'value with its category, source system and purposes, and the recipients from the audit trail.',
  })
  document: SubjectAccessDocument;
}

@Resolver()
export class SubjectAccessResolver {
  @Classified(SUBJECT_ACCESS)
  @Query(() => SubjectAccessExport, {
    nullable: true,
    description:
      "A data subject's access request: everything every subgraph holds about the customer, read through the gateway as the " +
      'caller (so audited like any read), with the recipients of the data. Refused with SUBJECT_ACCESS_INCOMPLETE rather than cut.',
  })
  async subjectAccess(
    @Arg('customerId', () => ID, { description: 'CRM customer number.' }) customerId: string,
    @Ctx() ctx: PrivacyContext,
  ): Promise<SubjectAccessExport> {
    const document = await ctx.loaders.subjectAccess(customerId, ctx.requestId);
    return {
      format: document.format,
      customerId: document.customerId,
      generatedAt: document.generatedAt,
      document,
    };
  }
}

/** The page is rendered only for an answer that asks for it. */
@Resolver(() => SubjectAccessExport)
export class SubjectAccessExportResolver {
  @FieldResolver(() => String, { description: 'The same export as a self-contained HTML page to send the data subject.' })
  html(@Root() exported: SubjectAccessExport): string {
    return subjectAccessHtml(exported.document);
  }
}
