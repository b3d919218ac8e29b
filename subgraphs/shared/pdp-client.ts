import type { AccessDecision, PolicyDecisionPoint } from './access';
import { unavailable } from '../../platform/errors';
import { serviceOf, serviceToken } from '../../platform/service-client';

/**
 * The policy decision point of the consent subgraph, asked over HTTP: one call per request, to its
 * plain endpoint (consent/resolvers/PolicyDecisionEndpoint.ts). The answers arrive on the first
 * line; `logged` settles on the second, when the access log holds them. A peer that cannot be
 * reached, or answers anything else, is SERVICE_UNAVAILABLE naming it: the asking fields are then
 * withheld with `decision-unavailable` (shared/access.ts), never answered as allowed.
 */
export function remotePolicyDecisionPoint(subgraph: string, consentUrl: () => string): PolicyDecisionPoint {
  return async (actor, questions) => {
    const graphqlUrl = consentUrl();
    const url = new URL('/_pdp', graphqlUrl);
    const service = serviceOf(graphqlUrl);
    const token = await serviceToken(subgraph);
    const payload = {
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
    let reader: ReadableStreamDefaultReader<Uint8Array>;
    try {
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, ...(actor.requestId ? { 'x-request-id': actor.requestId } : {}) },
        body: JSON.stringify(payload),
        signal: AbortSignal.timeout(10_000),
      });
      if (res.status !== 200 || !res.body) {
        await res.body?.cancel();
        throw new Error(`status ${res.status}`);
      }
      reader = res.body.getReader();
    } catch {
      throw unavailable(service);
    }
    const lines = lineReader(reader);
    let first: { answers?: AccessDecision[] };
    try {
      first = JSON.parse((await lines.next()) ?? '') as typeof first;
    } catch {
      void reader.cancel().catch(() => undefined);
      throw unavailable(service);
    }
    if (!Array.isArray(first.answers) || first.answers.length !== questions.length) throw unavailable(service);
    const logged = lines.next().then(
      (line) => {
        if (!line || (JSON.parse(line) as { logged?: boolean }).logged !== true) throw unavailable(service, 'The access log could not be written');
      },
      () => {
        throw unavailable(service, 'The access log could not be written');
      },
    );
    // A caller that never waits (a decision taken and then not used) must not leave a rejection unhandled.
    logged.catch(() => undefined);
    return { answers: first.answers, logged };
  };
}

/** Reads a byte stream one newline-terminated line at a time (null at the end). */
function lineReader(reader: ReadableStreamDefaultReader<Uint8Array>) {
  const decoder = new TextDecoder();
  let buffered = '';
  return {
    async next(): Promise<string | null> {
      for (;;) {
        const nl = buffered.indexOf('\n');
        if (nl >= 0) {
          const line = buffered.slice(0, nl);
          buffered = buffered.slice(nl + 1);
          return line;
        }
        const { done, value } = await reader.read();
        if (done) {
          const rest = buffered;
          buffered = '';
          return rest.length ? rest : null;
        }
        buffered += decoder.decode(value, { stream: true });
      }
    },
  };
}
