import DataLoader from 'dataloader';
import type { Caller } from './auth';
import { DataCategory, Purpose } from './enums';

/**
 * Access decisions on personal data, asked once per (person, category) within a request.
 *
 * The controller rule is decided here, locally: an agency always sees what it contributed. Every
 * other question goes, batched into one call per request, to the policy decision point that
 * `AccessDecider` is given (the consent subgraph's grants). With no policy decision point, the
 * answer is deny: nothing personal is shown by default.
 */
export interface AccessQuestion {
  personId: string;
  category: DataCategory;
  /** The agencies that are controllers of the record the field belongs to. */
  controllerAgencyIds: string[];
  /** "Type.field" asking, for the audit log. */
  field: string;
}

export interface AccessDecision {
  allowed: boolean;
  /** What the decision rests on: `controller`, a grant or consent id, or the reason for a denial. */
  basis: string;
}

/** Answers the non-local questions of one request in one call. */
export type PolicyDecisionPoint = (caller: Caller, questions: AccessQuestion[], purpose: Purpose) => Promise<AccessDecision[]>;

/** Records decisions taken locally (controller rule) so that the audit trail is complete. */
export type DecisionRecorder = (caller: Caller, entries: Array<AccessQuestion & AccessDecision>, purpose: Purpose) => Promise<void>;

export class AccessDecider {
  private readonly loader: DataLoader<AccessQuestion, AccessDecision, string>;

  constructor(
    private readonly caller: Caller,
    private readonly pdp?: PolicyDecisionPoint,
    private readonly recorder?: DecisionRecorder,
    private readonly purpose: Purpose = Purpose.CASE_REVIEW,
  ) {
    this.loader = new DataLoader((qs) => this.decideBatch(qs), {
      cacheKeyFn: (q) => `${q.personId}|${q.category}|${[...q.controllerAgencyIds].sort().join(',')}`,
    });
  }

  decide(question: AccessQuestion): Promise<AccessDecision> {
    return this.loader.load(question);
  }

  private async decideBatch(questions: readonly AccessQuestion[]): Promise<AccessDecision[]> {
    const results: AccessDecision[] = new Array(questions.length);
    const remote: number[] = [];
    const local: Array<AccessQuestion & AccessDecision> = [];
    questions.forEach((q, i) => {
      if (!this.caller.service && q.controllerAgencyIds.includes(this.caller.agencyId) && !this.caller.roles.every((r) => r === 'analyst')) {
        results[i] = { allowed: true, basis: 'controller' };
        local.push({ ...q, ...results[i] });
      } else {
        remote.push(i);
      }
    });
    if (remote.length) {
      if (!this.pdp) {
        for (const i of remote) results[i] = { allowed: false, basis: 'no-policy-decision-point' };
      } else {
        const answers = await this.pdp(this.caller, remote.map((i) => questions[i]), this.purpose);
        remote.forEach((i, n) => (results[i] = answers[n] ?? { allowed: false, basis: 'no-answer' }));
      }
    }
    if (local.length && this.recorder) await this.recorder(this.caller, local, this.purpose);
    return results;
  }
}
