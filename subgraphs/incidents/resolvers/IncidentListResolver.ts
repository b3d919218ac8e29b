import type { FilterQuery } from '@mikro-orm/core';
import { Arg, Ctx, Field, ID, InputType, Int, ObjectType, Query, Resolver } from 'type-graphql';
import { z } from 'zod';
import type { HubContext } from '../../shared/context';
import { AsbCategory, IncidentSource } from '../../shared/enums';
import { badInput } from '../../../platform/errors';
import { validateInput } from '../../shared/validation';
import { Incident } from '../entities/Incident';
import { NotPersonal } from '../../shared/declarations';
import { visibleIncidents } from './visible';

@InputType({ description: 'Narrows the incidents list; every condition given must hold' })
export class IncidentFilter {
  @Field(() => IncidentSource, { nullable: true }) source?: IncidentSource | null;
  @Field(() => ID, { nullable: true }) agencyId?: string | null;
  @Field(() => AsbCategory, { nullable: true }) category?: AsbCategory | null;
  @Field(() => String, { nullable: true }) sourceRef?: string | null;
  @Field(() => ID, { nullable: true, description: 'Reported by, or concerning, this person' }) personId?: string | null;
  @Field(() => ID, { nullable: true, description: 'Reports of the same incident' }) clusterId?: string | null;
  @Field(() => String, { nullable: true }) lsoaCode?: string | null;
  @Field(() => Date, { nullable: true, description: 'Occurred at or after' }) occurredFrom?: Date | null;
  @Field(() => Date, { nullable: true, description: 'Occurred before' }) occurredTo?: Date | null;
}

@ObjectType({ description: 'Relay page information of the incidents list' })
export class IncidentPageInfo {
  @NotPersonal()
  @Field(() => Boolean) hasNextPage!: boolean;
  @NotPersonal()
  @Field(() => Boolean) hasPreviousPage!: boolean;
  @NotPersonal()
  @Field(() => String, { nullable: true }) startCursor?: string | null;
  @NotPersonal()
  @Field(() => String, { nullable: true }) endCursor?: string | null;
}

@ObjectType()
export class IncidentEdge {
  @NotPersonal()
  @Field(() => String) cursor!: string;
  @NotPersonal()
  @Field(() => Incident) node!: Incident;
}

@ObjectType({ description: 'A page of incidents, newest occurrence first' })
export class IncidentConnection {
  @NotPersonal()
  @Field(() => [IncidentEdge]) edges!: IncidentEdge[];
  @NotPersonal()
  @Field(() => IncidentPageInfo) pageInfo!: IncidentPageInfo;
}

const MAX_PAGE = 100;
const uuid = z.string().uuid('must be an id').nullish();
const filterSchema = z
  .object({ personId: uuid, clusterId: uuid, occurredFrom: z.date().nullish(), occurredTo: z.date().nullish() })
  .passthrough();

/** Cursor: the last row's (occurredAt, id), opaque to clients. */
export const encodeCursor = (i: Pick<Incident, 'occurredAt' | 'id'>) => Buffer.from(`${i.occurredAt.toISOString()}|${i.id}`).toString('base64url');
export function decodeCursor(cursor: string): { occurredAt: Date; id: string } {
  const [at, id] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  const occurredAt = new Date(at ?? '');
  if (!id || !/^[0-9a-f-]{36}$/.test(id) || Number.isNaN(occurredAt.getTime())) throw badInput('Invalid cursor', 'after');
  return { occurredAt, id };
}

@Resolver()
export class IncidentListResolver {
  @Query(() => IncidentConnection, { description: 'Incidents, newest occurrence first, filtered and cursor-paged (first at most 100)' })
  async incidents(
    @Ctx() ctx: HubContext,
    @Arg('filter', () => IncidentFilter, { nullable: true }) filter?: IncidentFilter | null,
    @Arg('first', () => Int, { nullable: true, defaultValue: 20 }) first?: number | null,
    @Arg('after', () => String, { nullable: true }) after?: string | null,
  ): Promise<IncidentConnection> {
    const f = filter ? validateInput(filterSchema, filter, 'filter') : {};
    const size = first ?? 20;
    if (size < 0 || size > MAX_PAGE) throw badInput(`first must be between 0 and ${MAX_PAGE}`, 'first');
    const and: FilterQuery<Incident>[] = [];
    const fl = (filter ?? {}) as IncidentFilter;
    if (fl.source) and.push({ source: fl.source });
    if (fl.agencyId) and.push({ agencyId: fl.agencyId });
    if (fl.category) and.push({ category: fl.category });
    if (fl.sourceRef) and.push({ sourceRef: fl.sourceRef });
    if (fl.lsoaCode) and.push({ lsoaCode: fl.lsoaCode });
    if (f.clusterId) and.push({ $or: [{ clusterId: f.clusterId }, { id: f.clusterId }] });
    if (f.personId) and.push({ $or: [{ reporterPersonId: f.personId }, { personIds: { $overlap: [f.personId] } }] });
    // Without a person, a cluster or a reference to look up, a list is of the caller's own agency's
    // records and those that name nobody: another agency's incidents of a person are seen only
    // under a grant (narrow look-ups are filtered below, row by row).
    if (!f.personId && !f.clusterId && !fl.sourceRef) and.push({ $or: [{ agencyId: ctx.caller.agencyId }, { reporterPersonId: null, personIds: { $eq: [] } }] });
    if (f.occurredFrom) and.push({ occurredAt: { $gte: f.occurredFrom } });
    if (f.occurredTo) and.push({ occurredAt: { $lt: f.occurredTo } });
    if (after) {
      const c = decodeCursor(after);
      and.push({ $or: [{ occurredAt: { $lt: c.occurredAt } }, { occurredAt: c.occurredAt, id: { $lt: c.id } }] });
    }
    const rows = await ctx.em.find(Incident, and.length ? { $and: and } : {}, { orderBy: { occurredAt: 'desc', id: 'desc' }, limit: size + 1 });
    const page = await visibleIncidents(ctx, rows.slice(0, size), 'Query.incidents');
    const edges = page.map((node) => ({ cursor: encodeCursor(node), node }));
    return {
      edges,
      pageInfo: {
        hasNextPage: rows.length > size,
        hasPreviousPage: !!after,
        startCursor: edges[0]?.cursor ?? null,
        endCursor: edges[edges.length - 1]?.cursor ?? null,
      },
    };
  }
}
