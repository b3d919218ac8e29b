import { LockMode } from '@mikro-orm/core';
import type { Knex } from '@mikro-orm/postgresql';
import { Arg, Ctx, FieldResolver, ID, Mutation, Resolver, Root } from 'type-graphql';
import { z } from 'zod';
import type { HubContext } from '../../shared/context';
import { conflict, notFound } from '../../../platform/errors';
import { byIdLoader } from '../../shared/loaders';
import { logger } from '../../../platform/logger';
import { validateInput } from '../../shared/validation';
import { Incident, namesNobody } from '../entities/Incident';
import { IncidentLink } from '../entities/IncidentLink';
import { recluster } from '../rules/same-incident';
import { visibleIncidents } from './visible';
import { NotPersonal, Personal } from '../../shared/declarations';
import { DataCategory } from '../../shared/enums';

const BASIS_TEXT: Record<string, string> = {
  SAME_PERSON: 'the same person (by pseudonymous id)',
  SAME_PROPERTY: 'the same property (UPRN)',
  SAME_PLACE: 'the same place (coordinates close together)',
  SAME_CATEGORY: 'the same ASB category',
  SIMILAR_SUB_TYPE: 'the same ASB sub-type',
  SAME_REPORTER: 'the same reporter (by pseudonymous id), though the agencies categorised it differently',
  SAME_AREA: 'the same area (LSOA), with no closer location to compare',
};

/** Links of the given incidents (either side), one statement per request tick. */
function linksOf(ctx: HubContext, id: string): Promise<IncidentLink[]> {
  return ctx.loaders
    .get<string, IncidentLink[]>('IncidentLink#either', async (ids) => {
      const all = [...ids];
      const rows = await ctx.em.find(IncidentLink, { $or: [{ incidentId: { $in: all } }, { otherIncidentId: { $in: all } }] }, { orderBy: { linkedAt: 'asc', id: 'asc' } });
      return all.map((k) => rows.filter((l) => l.incidentId === k || l.otherIncidentId === k));
    })
    .load(id);
}

@Resolver(() => Incident)
export class SameIncidentResolver {
  @Personal(DataCategory.INCIDENT_DETAIL, { notPersonalWhen: namesNobody })
  @FieldResolver(() => ID, { description: 'Stable id of the cluster of reports of this same incident (its own id when alone)' })
  clusterId(@Root() incident: Incident): string {
    return incident.clusterId ?? incident.id;
  }

  @Personal(DataCategory.INCIDENT_DETAIL, { notPersonalWhen: namesNobody })
  @FieldResolver(() => [Incident], { description: 'Reports of this same incident to other agencies (links not undone)' })
  async sameIncidentAs(@Root() incident: Incident, @Ctx() ctx: HubContext): Promise<Incident[]> {
    const links = (await linksOf(ctx, incident.id)).filter((l) => !l.undoneAt);
    const others = await byIdLoader(ctx, Incident).loadMany(links.map((l) => (l.incidentId === incident.id ? l.otherIncidentId : l.incidentId)));
    return visibleIncidents(ctx, others.filter((o): o is Incident => !!o && !(o instanceof Error)));
  }

  @Personal(DataCategory.INCIDENT_DETAIL, { notPersonalWhen: namesNobody })
  @FieldResolver(() => [IncidentLink], { description: 'Why this report was linked to others (including links a SPOC undid)' })
  sameIncidentLinks(@Root() incident: Incident, @Ctx() ctx: HubContext): Promise<IncidentLink[]> {
    return linksOf(ctx, incident.id);
  }

  /** Undoes a same-incident link (SPOC). Recorded on the link: who, agency, when and why. */
  @Mutation(() => IncidentLink, { description: 'SPOC: the two reports are not the same incident; the link is kept, marked undone' })
  async unlinkIncidents(
    @Arg('incidentId', () => ID) incidentId: string,
    @Arg('otherIncidentId', () => ID) otherIncidentId: string,
    @Arg('reason', () => String) reason: string,
    @Ctx() ctx: HubContext,
  ): Promise<IncidentLink> {
    const args = validateInput(
      z.object({ incidentId: z.string().uuid('must be an id'), otherIncidentId: z.string().uuid('must be an id'), reason: z.string().trim().min(3, 'is required').max(1000) }),
      { incidentId, otherIncidentId, reason },
      'args',
    );
    const [a, b] = [args.incidentId, args.otherIncidentId].sort();
    return ctx.em.transactional(async (em) => {
      const link = await em.findOne(IncidentLink, { incidentId: a, otherIncidentId: b }, { lockMode: LockMode.PESSIMISTIC_WRITE });
      if (!link) throw notFound('IncidentLink', { field: 'incidentId, otherIncidentId' });
      if (link.undoneAt) throw conflict('The link was already undone', { linkId: link.id });
      link.undoneAt = new Date();
      link.undoneBy = ctx.caller.sub;
      link.undoneByAgencyId = ctx.caller.agencyId;
      link.undoReason = args.reason;
      await em.flush();
      await recluster(em.getTransactionContext() as Knex.Transaction, [a, b]);
      logger.info({ requestId: ctx.requestId, linkId: link.id, agencyId: ctx.caller.agencyId }, 'same-incident link undone');
      return link;
    });
  }
}

@Resolver(() => IncidentLink)
export class IncidentLinkResolver {
  @NotPersonal()
  @FieldResolver(() => [Incident], { description: 'The two linked reports' })
  async incidents(@Root() link: IncidentLink, @Ctx() ctx: HubContext): Promise<Incident[]> {
    const rows = await byIdLoader(ctx, Incident).loadMany([link.incidentId, link.otherIncidentId]);
    return visibleIncidents(ctx, rows.filter((o): o is Incident => !!o && !(o instanceof Error)));
  }

  @NotPersonal()
  @FieldResolver(() => String, { description: 'Why the two reports were taken to be one incident' })
  explanation(@Root() link: IncidentLink): string {
    const shared = link.basis.map((b) => BASIS_TEXT[b] ?? b).join(', ');
    return `Reported to different agencies ${link.hoursApart} h apart (window ${link.windowHours} h), sharing ${shared}.`;
  }
}
