import DataLoader from 'dataloader';
import type { Caller } from './auth';
import { DataCategory, Purpose } from './enums';

/**
 * Access decisions on personal data, asked once per (person, category) within a request and sent
 * to the policy decision point in ONE call per request (DataLoader batching).
 *
 * The controller rule is decided here, locally: an agency always sees what it contributed. Those
 * answers still travel with the batch, marked `local`, so that the policy decision point logs every
 * decision, allowed or denied. Everything else is decided by the policy decision point (the consent
 * subgraph's grants and consents). If it cannot be asked, or errs, the fields are withheld: the
 * rules fail closed.
 */
export interface AccessQuestion {
  personId: string;
  category: DataCategory;
  /** The agencies that are controllers of the record the field belongs to. */
  controllerAgencyIds: string[];
  /** "Type.field" asking, for the audit log. */
  field: string;
  /** "query OperationName", for the audit log. */
  operation?: string;
  /** Set when decided locally (controller rule): logged, not re-decided. */
  local?: AccessDecision;
}

export interface AccessDecision {
  allowed: boolean;
  /** What the decision rests on: `controller`, `grant:<id>`, or the reason for a denial. */
  basis: string;
}

export interface AccessActor {
  sub: string;
  agencyId: string;
  roles: string[];
  requestId?: string;
  subgraph: string;
  purpose?: Purpose;
}

/** Decides the open questions of one request, logs them all, answers in order. */
export type PolicyDecisionPoint = (actor: AccessActor, questions: AccessQuestion[]) => Promise<AccessDecision[]>;

export class AccessDecider {
  private readonly loader: DataLoader<AccessQuestion, AccessDecision, string>;

  constructor(
    private readonly caller: Caller,
    private readonly actor: Omit<AccessActor, 'sub' | 'agencyId' | 'roles'>,
    private readonly pdp?: PolicyDecisionPoint,
  ) {
    this.loader = new DataLoader((qs) => this.decideBatch(qs), {
      cacheKeyFn: (q) => `${q.personId}|${q.category}|${[...q.controllerAgencyIds].sort().join(',')}`,
      maxBatchSize: 10_000,
    });
  }

  decide(question: AccessQuestion): Promise<AccessDecision> {
    return this.loader.load(question);
  }

  private async decideBatch(questions: readonly AccessQuestion[]): Promise<AccessDecision[]> {
    const analystOnly = this.caller.roles.length > 0 && this.caller.roles.every((r) => r === 'analyst');
    const batch = questions.map((q): AccessQuestion => {
      if (!this.caller.service && !analystOnly && q.controllerAgencyIds.includes(this.caller.agencyId)) {
        return { ...q, local: { allowed: true, basis: 'controller' } };
      }
      return q;
    });
    if (!this.pdp) return batch.map((q) => q.local ?? { allowed: false, basis: 'no-policy-decision-point' });
    return this.pdp({ ...this.actor, sub: this.caller.sub, agencyId: this.caller.agencyId, roles: this.caller.roles }, batch);
  }
}
