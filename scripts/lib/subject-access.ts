import { subjectAccessExport as assemble } from '../../subgraphs/consent/rules/subject-access';
import { incidentsSubjectAccess } from '../../subgraphs/incidents/rules/subject-access';
import { reviewsSubjectAccess } from '../../subgraphs/reviews/rules/subject-access';
import type { SubjectAccessExport } from '../../subgraphs/shared/subject-access';
import { triggersSubjectAccess } from '../../subgraphs/triggers/rules/subject-access';
import type { Databases } from './databases';

export type { SubjectAccessExport } from '../../subgraphs/shared/subject-access';

/**
 * `npm run sar`: the subject access export as `Query.subjectAccessExport` makes it (the same
 * functions, subgraphs/consent/rules/subject-access.ts), each subgraph's part read from its own
 * database rather than over its service API. Logged as the DPO's disclosure, one per category.
 */
export async function subjectAccessExport(dbs: Databases, personId: string, actor: { sub: string; agencyId: string }): Promise<SubjectAccessExport | null> {
  return assemble(
    dbs.consent.db.orm.em.fork(),
    personId,
    {
      incidents: (p) => incidentsSubjectAccess(dbs.incidents.db.orm.em.fork(), p),
      triggers: (p) => triggersSubjectAccess(dbs.triggers.db.orm.em.fork(), p),
      reviews: (ids) => reviewsSubjectAccess(dbs.reviews.db.orm.em.fork(), ids),
    },
    { ...actor, roles: ['dpo'], subgraph: 'cli', purpose: 'SUBJECT_ACCESS_REQUEST' },
    'npm run sar / subject access export',
  );
}
