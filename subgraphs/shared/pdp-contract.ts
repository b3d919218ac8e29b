import { z } from 'zod/v4';
import type { AccessActor, AccessDecision, AccessQuestion } from './access';
import { DataCategory, Purpose } from './enums';

/**
 * The contract of the policy decision point's plain endpoint (`POST /_pdp`), in one place for both
 * sides: the consent subgraph serves it (consent/resolvers/PolicyDecisionEndpoint.ts, which
 * validates every request with `pdpRequest`) and every other subgraph asks it (pdp-client.ts, which
 * builds its body with `pdpRequestOf`). The answer is newline-delimited JSON: a `PdpAnswersLine` as
 * soon as the decisions are taken, then a `PdpLoggedLine` once the access log holds them.
 */
export const PDP_PATH = '/_pdp';

// zod's v4 API: a request's parse costs a fifth of v3's (this endpoint is asked by every request reading personal data).
// Checked against a set made once: z.nativeEnum lists the enum's values again on every parse.
const oneOf = <E extends string>(values: readonly E[], name: string) => {
  const known = new Set<string>(values);
  return z.custom<E>((v) => typeof v === 'string' && known.has(v), { message: `not a known ${name}` });
};

export const pdpQuestion = z.object({
  personId: z.string().min(1).max(100),
  category: oneOf(Object.values(DataCategory), 'category'),
  controllerAgencyIds: z.array(z.string().min(1).max(100)).max(50),
  field: z.string().min(1).max(200),
  operation: z.string().max(300).nullish(),
  /** Decided by the asking subgraph (the controller rule): only logged. */
  localAllowed: z.boolean().nullish(),
  localBasis: z.string().max(200).nullish(),
});

export const pdpRequest = z.object({
  actor: z.object({
    sub: z.string().min(1).max(300),
    agencyId: z.string().min(1).max(100),
    roles: z.array(z.string().max(50)).max(20),
    requestId: z.string().max(200).nullish(),
    subgraph: z.string().min(1).max(50),
    purpose: oneOf(Object.values(Purpose), 'purpose').nullish(),
  }),
  questions: z.array(pdpQuestion).max(10_000),
});

export type PdpQuestion = z.infer<typeof pdpQuestion>;
export type PdpRequestBody = z.infer<typeof pdpRequest>;

/** The first line: one answer per question, in order. */
export interface PdpAnswersLine {
  answers: AccessDecision[];
}

/** The second line: whether the access log holds the answers (false: it could not be written). */
export interface PdpLoggedLine {
  logged: boolean;
}

/** The request body for one request's questions, as the asking subgraph sends it. */
export function pdpRequestOf(actor: AccessActor, questions: AccessQuestion[]): PdpRequestBody {
  return {
    actor: { sub: actor.sub, agencyId: actor.agencyId, roles: actor.roles, requestId: actor.requestId, subgraph: actor.subgraph, purpose: actor.purpose },
    questions: questions.map((q) => ({
      personId: q.personId,
      category: q.category,
      controllerAgencyIds: q.controllerAgencyIds,
      field: q.field,
      operation: q.operation,
      localAllowed: q.local?.allowed ?? null,
      localBasis: q.local?.basis ?? null,
    })),
  };
}
