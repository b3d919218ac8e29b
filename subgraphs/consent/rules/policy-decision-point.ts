import type { EntityManager } from '@mikro-orm/postgresql';
import type { AccessActor, AccessDecision, AccessQuestion, PolicyDecisionPoint, ReadAhead } from '../../shared/access';
import { UUID } from '../../shared/loaders';
import { DataCategory, Purpose } from '../../shared/enums';
import type { PdpQuestion } from '../../shared/pdp-contract';
import { AccessOutcome, ProcessingAction } from '../entities/AccessEvent';
import { decisionFacts, type DecisionFacts } from '../repositories/decision-facts';
import { decideAccess } from './access-policy';
import { appendAccessEvents, type AuditEntry } from './audit-log';

/** How a request's read-ahead facts are keyed (AccessDecider.readAhead): per agency and person. */
export const readAheadKey = (agencyId: string, personId: string) => `facts|${agencyId}|${personId}`;

/** The facts about these people: read ahead by the same request when it read them all, else read now. */
async function factsFor(em: EntityManager, agencyId: string, personIds: string[], readAhead?: ReadAhead, requestId?: string): Promise<DecisionFacts> {
  const ahead = readAhead && personIds.length ? personIds.map((id) => readAhead.get(readAheadKey(agencyId, id))) : [];
  if (!ahead.length || ahead.some((p) => !p)) {
    const known = sharedFactsOf(requestId, agencyId, personIds);
    if (!known) return decisionFacts(em, agencyId, personIds);
    ahead.splice(0, ahead.length, ...known);
  }
  const parts = (await Promise.all(ahead)) as DecisionFacts[];
  if (parts.length === 1) return parts[0];
  const grants = new Map<string, DecisionFacts['grants'][number]>();
  const consents = new Map<string, DecisionFacts['consents'] extends Map<string, infer C> ? C : never>();
  for (const p of parts) {
    for (const g of p.grants) grants.set(g.id, g);
    for (const [id, c] of p.consents) consents.set(id, c);
  }
  return { grants: [...grants.values()], consents };
}

/**
 * Facts this process read for a request in the last moment, by request id, agency and person: the
 * gateway asks the consent subgraph for a person and another subgraph for their incidents at once,
 * under one request id, and both need the same agency's grants about the same person. The second
 * to ask uses the first one's read instead of reading them again (one statement less on a case
 * history). Kept only briefly, so a decision never rests on facts older than its request.
 */
const SHARED_FOR_MS = 1_000;
const shared = new Map<string, Promise<DecisionFacts>>();
const sharedKey = (requestId: string, agencyId: string, personId: string) => `${requestId}|${agencyId}|${personId}`;

/** Offers one request's facts about these people to the same request's other questions (see `shared`). */
export function shareFacts(requestId: string | undefined, agencyId: string, personIds: string[], facts: Promise<DecisionFacts>): void {
  if (!requestId) return;
  for (const id of personIds) {
    const key = sharedKey(requestId, agencyId, id);
    shared.set(key, facts);
    setTimeout(() => shared.get(key) === facts && shared.delete(key), SHARED_FOR_MS).unref();
  }
}

/** The same request's facts about each of these people read a moment ago in this process, if all were. */
export function sharedFactsOf(requestId: string | undefined, agencyId: string, personIds: string[]): Array<Promise<DecisionFacts>> | undefined {
  if (!requestId || !personIds.length) return undefined;
  const known = personIds.map((id) => shared.get(sharedKey(requestId, agencyId, id)));
  return known.every(Boolean) ? (known as Array<Promise<DecisionFacts>>) : undefined;
}

/**
 * Reads the facts about these people now, for questions that will come later (a request opened by
 * a subgraph of this process, shared/access.ts `expect`), keyed as `factsFor` looks them up; the same
 * request's facts read a moment ago in this process are used instead (`shareFacts`). A failure
 * shows when they are used.
 */
function factsAhead(em: EntityManager, agencyId: string, personIds: string[], requestId?: string): ReadAhead {
  const people = [...new Set(personIds)].filter((id) => UUID.test(id));
  if (!people.length) return new Map();
  const known = sharedFactsOf(requestId, agencyId, people);
  if (known) return new Map(people.map((id, k) => [readAheadKey(agencyId, id), known[k]]));
  const facts = decisionFacts(em, agencyId, people);
  facts.catch(() => undefined);
  shareFacts(requestId, agencyId, people, facts);
  return new Map(people.map((id) => [readAheadKey(agencyId, id), facts]));
}

/** The decision point of this process, with its opening (shared/access.ts `PolicyDecisionPoint`). */
export function localPolicyDecisionPoint(em: () => EntityManager): PolicyDecisionPoint {
  const pdp: PolicyDecisionPoint = (actor, questions, readAhead) => decideThenLog(em(), actor, questions, new Date(), readAhead);
  pdp.open = (actor, personIds) => {
    const opened = em();
    const readAhead = factsAhead(opened, actor.agencyId, personIds, actor.requestId);
    return { ask: (questions) => decideThenLog(opened, actor, questions, new Date(), readAhead), cancel: () => undefined };
  };
  return pdp;
}

/** A question as another subgraph sends it (GraphQL `_decideAccess` or `POST /_pdp`: shared/pdp-contract.ts). */
export type SentQuestion = PdpQuestion;

/** Both ways of asking carry the same fields; an answer decided by the asker is only logged. */
export const questionOf = (q: SentQuestion): AccessQuestion => ({
  personId: q.personId, category: q.category, controllerAgencyIds: q.controllerAgencyIds, field: q.field, operation: q.operation ?? undefined,
  local: q.localAllowed != null ? { allowed: q.localAllowed, basis: q.localBasis ?? 'local' } : undefined,
});

/**
 * The policy decision point: answers one request's questions (already decided locally ones are
 * only logged), with one read (the agency's grants and their consents) and one append to the access log,
 * whatever the number of questions.
 */
export async function decideAndLog(em: EntityManager, actor: AccessActor, questions: AccessQuestion[], now = new Date()): Promise<AccessDecision[]> {
  const { answers, logged } = await decideThenLog(em, actor, questions, now);
  await logged;
  return answers;
}

/**
 * The same, answering as soon as the decisions are taken: `logged` settles when the access log
 * holds them. The asking request must not send its response before (shared/access.ts `settled`),
 * so nothing is disclosed unlogged, while the append overlaps the rest of its work.
 */
export async function decideThenLog(
  em: EntityManager,
  actor: AccessActor,
  questions: AccessQuestion[],
  now = new Date(),
  readAhead?: ReadAhead,
  /**
   * Start the append once the caller has sent the answers (the `/_pdp` endpoint: the asker waits
   * for them, not for the hashing and the statement's building). In-process callers start it at
   * once, so that it overlaps their fields.
   */
  opts: { appendAfterAnswers?: boolean } = {},
): Promise<{ answers: AccessDecision[]; logged: Promise<void> }> {
  const open = questions.filter((q) => !q.local);
  const personIds = [...new Set(open.map((q) => q.personId))];
  const { grants, consents } = await factsFor(em, actor.agencyId, personIds, readAhead, actor.requestId);
  const purpose = actor.purpose ?? Purpose.CASE_REVIEW;

  const entries: AuditEntry[] = [];
  const answers = questions.map((q): AccessDecision => {
    let answer: AccessDecision;
    let grantId: string | null = null;
    let consentId: string | null = null;
    let reviewId: string | null = null;
    let justification = `purpose ${purpose}`;
    if (q.local) {
      justification += q.local.allowed ? `; ${q.local.basis}` : '';
      answer = q.local;
    } else {
      const d = decideAccess({
        agencyId: actor.agencyId, roles: actor.roles, personId: q.personId, category: q.category as DataCategory, purpose,
        controllerAgencyIds: q.controllerAgencyIds, grants, consents, now,
      });
      answer = { allowed: d.allowed, basis: d.basis };
      grantId = d.grant?.id ?? null;
      consentId = d.consent?.id ?? d.grant?.consentId ?? null;
      reviewId = d.grant?.reviewId ?? null;
      const g = d.grant;
      if (d.allowed && g) {
        justification += [
          g.reviewId ? `review ${g.reviewId}` : '', g.applicationId ? `application ${g.applicationId}` : '', `grant ${g.id} on ${g.basis}`,
          g.consentId ? `consent ${g.consentId}` : '', g.agreementRef ? `agreement ${g.agreementRef}` : '',
        ].filter(Boolean).map((p) => `; ${p}`).join('');
      } else if (d.allowed) {
        justification += `; ${d.basis}`;
      }
    }
    entries.push({
      occurredAt: now, requestId: actor.requestId ?? null, actorSub: actor.sub, actorAgencyId: actor.agencyId, actorRoles: actor.roles,
      purpose, reviewId, personId: q.personId, category: q.category, decision: answer.allowed ? AccessOutcome.ALLOW : AccessOutcome.DENY,
      basis: answer.basis, grantId, consentId, operation: `${q.operation ?? 'unknown'} / ${q.field}`, subgraph: actor.subgraph,
      action: ProcessingAction.CONSULT, justification,
    });
    return answer;
  });
  if (!opts.appendAfterAnswers) return { answers, logged: appendAccessEvents(em, entries) };
  // process.nextTick runs once the promise jobs queued now have run: the caller's write of the answers among them.
  const logged = new Promise<void>((resolve, reject) => process.nextTick(() => appendAccessEvents(em, entries).then(resolve, reject)));
  return { answers, logged };
}
