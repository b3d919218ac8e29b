import type { EntityManager } from '@mikro-orm/postgresql';
import { DataCategory } from '../../shared/enums';
import { AccessOutcome, ProcessingAction } from '../entities/AccessEvent';
import { appendAccessEvents, type AuditEntry } from './audit-log';

/**
 * Every processing step on record (DPA 2018 s.62), besides the consultations the policy decision
 * point logs: collection, alteration, combination (identity matching), disclosure and erasure, each
 * with its justification, appended to the same keyed chain (audit-log.ts).
 */
export interface ProcessingActor {
  sub: string;
  agencyId: string;
  roles: string[];
  requestId?: string | null;
  subgraph: string;
  purpose: string;
}

export interface ProcessingStep {
  personId: string | null;
  category: DataCategory | null;
  action: ProcessingAction;
  /** What the step rests on (machine-readable), e.g. `controller`, `identity-match`, `letter:CT1`. */
  basis: string;
  justification: string;
  operation: string;
}

export const processingEntries = (actor: ProcessingActor, steps: ProcessingStep[], now = new Date()): AuditEntry[] =>
  steps.map((s) => ({
    occurredAt: now, requestId: actor.requestId ?? null, actorSub: actor.sub, actorAgencyId: actor.agencyId, actorRoles: actor.roles, purpose: actor.purpose,
    personId: s.personId, category: s.category, decision: AccessOutcome.ALLOW, basis: s.basis, operation: s.operation, subgraph: actor.subgraph,
    action: s.action, justification: s.justification,
  }));

export async function logProcessing(em: EntityManager, actor: ProcessingActor, steps: ProcessingStep[]): Promise<void> {
  if (steps.length) await appendAccessEvents(em, processingEntries(actor, steps));
}

/** The categories a set of supplied details touches (a person record's columns). */
export function categoriesOfDetails(d: Record<string, unknown>): DataCategory[] {
  const has = (...keys: string[]) => keys.some((k) => d[k] != null && !(Array.isArray(d[k]) && (d[k] as unknown[]).length === 0));
  return [
    ...(has('givenName', 'familyName', 'dateOfBirth') ? [DataCategory.IDENTITY] : []),
    ...(has('address', 'postcode', 'phone', 'email') ? [DataCategory.CONTACT] : []),
    ...(has('vulnerabilities') ? [DataCategory.SPECIAL_CATEGORY] : []),
  ];
}

/** The request's caller as the actor of a processing step (a service acting for `agencyId` when given). */
export function processingActor(ctx: { caller: { sub: string; agencyId: string; roles: string[] }; requestId: string; subgraph: string }, purpose: string, agencyId?: string): ProcessingActor {
  return { sub: ctx.caller.sub, agencyId: agencyId ?? ctx.caller.agencyId, roles: ctx.caller.roles, requestId: ctx.requestId, subgraph: ctx.subgraph, purpose };
}
