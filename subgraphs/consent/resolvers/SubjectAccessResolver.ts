import { Arg, Ctx, Field, ID, Int, ObjectType, Query, Resolver } from 'type-graphql';
import type { HubContext } from '../../shared/context';
import { NotPersonal, Personal } from '../../shared/declarations';
import { DataCategory } from '../../shared/enums';
import { badInput, notFound } from '../../../platform/errors';
import { sarSections } from '../../shared/subject-access';
import { subjectAccessParts } from '../clients/subject-access';
import { processingActor } from '../rules/processing-log';
import { subjectAccessExport } from '../rules/subject-access';

/**
 * The subject access export (UK GDPR Art. 15) for the DPO, as `npm run sar` makes it: every
 * subgraph's part fetched over its service API and assembled here (rules/subject-access.ts).
 */
const SAR_NOTE = 'everything held on the person in every category, for the DPO answering the person’s subject access request; each category’s disclosure is logged before the export is returned';

@ObjectType({ description: 'One kind of record in a subject access export, readable as a table' })
export class SubjectAccessSection {
  @NotPersonal()
  @Field(() => String) title!: string;
  @NotPersonal()
  @Field(() => Int, { description: 'How many records of this kind are held' }) records!: number;
  @Personal(DataCategory.SPECIAL_CATEGORY, { decidedByResolver: true, readers: ['dpo'], note: SAR_NOTE })
  @Field(() => String, { description: 'The records, as a JSON array of objects (one key per column)' })
  rows!: string;
}

@ObjectType({ description: 'A subject access export: everything the hub holds on one person, and who accessed it' })
export class SubjectAccessExportResult {
  @NotPersonal()
  @Field(() => ID) personId!: string;
  @NotPersonal()
  @Field(() => Date) generatedAt!: Date;
  @NotPersonal()
  @Field(() => String, { description: 'The DPO who made it (sub)' }) generatedBy!: string;
  @NotPersonal()
  @Field(() => [SubjectAccessSection]) sections!: SubjectAccessSection[];
  @Personal(DataCategory.SPECIAL_CATEGORY, { decidedByResolver: true, readers: ['dpo'], note: SAR_NOTE })
  @Field(() => String, { description: 'The whole export as JSON, as `npm run sar` writes it: the file to give the person' })
  json!: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

@Resolver()
export class SubjectAccessResolver {
  @Query(() => SubjectAccessExportResult, { description: 'Everything the hub holds on a person, across every subgraph, and who accessed it (the export is logged, one disclosure per category)' })
  async subjectAccessExport(@Arg('personId', () => ID) personId: string, @Ctx() ctx: HubContext): Promise<SubjectAccessExportResult> {
    if (!UUID.test(personId)) throw badInput('subjectAccessExport.personId must be a Person id (a UUID)', 'personId');
    const result = await subjectAccessExport(
      ctx.em,
      personId,
      subjectAccessParts(ctx),
      processingActor(ctx, 'SUBJECT_ACCESS_REQUEST'),
      'subjectAccessExport',
    );
    if (!result) throw notFound('Person', { field: 'personId' });
    return {
      personId,
      generatedAt: new Date(result.generatedAt),
      generatedBy: result.generatedBy.sub,
      sections: sarSections(result).map((s) => ({ title: s.title, records: s.rows.length, rows: JSON.stringify(s.rows) })),
      json: JSON.stringify(result, null, 2),
    };
  }
}
