import type { AccessDecision, PolicyDecisionPoint } from './access';
import { callService } from './service-client';

/** The policy decision point of the consent subgraph, asked over HTTP: one call per request. */
const DECIDE = `mutation Decide($actor: AccessActorInput!, $questions: [AccessQuestionInput!]!) {
  _decideAccess(actor: $actor, questions: $questions) { allowed basis }
}`;

export function remotePolicyDecisionPoint(subgraph: string, consentUrl: () => string): PolicyDecisionPoint {
  return async (actor, questions) => {
    const data = await callService<{ _decideAccess: AccessDecision[] }>(
      subgraph,
      consentUrl(),
      DECIDE,
      {
        actor: { sub: actor.sub, agencyId: actor.agencyId, roles: actor.roles, requestId: actor.requestId, subgraph: actor.subgraph, purpose: actor.purpose },
        questions: questions.map((q) => ({
          personId: q.personId, category: q.category, controllerAgencyIds: q.controllerAgencyIds, field: q.field, operation: q.operation,
          localAllowed: q.local?.allowed ?? null, localBasis: q.local?.basis ?? null,
        })),
      },
      actor.requestId,
    );
    return data._decideAccess;
  };
}
