import type { HubContext } from '../../shared/context';
import type { IncidentsPart, ReviewsPart, TriggersPart } from '../../shared/subject-access';
import { callOperation } from '../../shared/operation-client';
import type { OtherParts } from '../rules/subject-access';
import { IncidentsSubjectAccessDocument } from './operations/incidents.generated';
import { ReviewsSubjectAccessDocument } from './operations/reviews.generated';
import { TriggersSubjectAccessDocument } from './operations/triggers.generated';

/**
 * The other subgraphs' parts of a subject access export, asked over their service API with the
 * service credential (`_incidentsSubjectAccess`, `_triggersSubjectAccess`, `_reviewsSubjectAccess`,
 * `@inaccessible`). Each part travels as a JSON string (its shape: shared/subject-access.ts);
 * errors as callOperation, so the export fails rather than leave a part out.
 */
export function subjectAccessParts(ctx: HubContext): OtherParts {
  return {
    incidents: async (p) =>
      JSON.parse((await callOperation('consent', ctx.peers('incidents'), IncidentsSubjectAccessDocument, { p }, ctx.requestId))._incidentsSubjectAccess) as IncidentsPart,
    triggers: async (p) =>
      JSON.parse((await callOperation('consent', ctx.peers('triggers'), TriggersSubjectAccessDocument, { p }, ctx.requestId))._triggersSubjectAccess) as TriggersPart,
    reviews: async (a) =>
      JSON.parse((await callOperation('consent', ctx.peers('reviews'), ReviewsSubjectAccessDocument, { a }, ctx.requestId))._reviewsSubjectAccess) as ReviewsPart,
  };
}
