import express, { type Express } from 'express';
import { authenticate } from '../../../platform/auth';
import { logger } from '../../../platform/logger';
import { PDP_PATH, pdpRequest, type PdpAnswersLine, type PdpLoggedLine } from '../../shared/pdp-contract';
import type { SubgraphDatabase } from '../../shared/database';
import { decideThenLog, questionOf } from '../rules/policy-decision-point';

/**
 * The policy decision point for the other subgraphs, over plain HTTP (`POST /_pdp`, service
 * credential only): the same decisions as the service-only `_decideAccess` mutation, without a
 * GraphQL round of parsing and validation per request, and in two lines of newline-delimited JSON:
 * the answers as soon as they are taken, then `{"logged":true}` once the access log holds them. The
 * asking subgraph goes on with the answers and holds its own response until the second line
 * (shared/pdp-client.ts), so the append overlaps its work and nothing is disclosed unlogged. The
 * request and the two lines are shared/pdp-contract.ts, which the client builds from too.
 */
export { PDP_PATH, type PdpRequestBody } from '../../shared/pdp-contract';

export function mountPolicyDecisionEndpoint(app: Express, db: SubgraphDatabase): void {
  app.post(PDP_PATH, express.json({ limit: '5mb' }), async (req, res) => {
    try {
      const caller = await authenticate(req.headers.authorization);
      if (!caller.service) {
        res.status(403).json({ error: 'service credential required' });
        return;
      }
    } catch {
      res.status(401).json({ error: 'unauthenticated' });
      return;
    }
    const parsed = pdpRequest.safeParse(req.body);
    if (!parsed.success) {
      // Names the first field at fault, never the value sent.
      res.status(400).json({ error: `invalid request: ${parsed.error.issues[0]?.path.join('.') || 'body'}` });
      return;
    }
    const { actor, questions } = parsed.data;
    let decided: Awaited<ReturnType<typeof decideThenLog>>;
    try {
      decided = await decideThenLog(
        db.orm.em.fork(),
        { ...actor, requestId: actor.requestId ?? undefined, purpose: actor.purpose ?? undefined },
        questions.map(questionOf),
      );
    } catch (err) {
      logger.warn({ code: (err as { code?: string }).code, requestId: actor.requestId }, 'policy decision point: could not decide');
      res.status(503).json({ error: 'decisions unavailable' });
      return;
    }
    res.status(200).type('application/x-ndjson');
    res.write(`${JSON.stringify({ answers: decided.answers } satisfies PdpAnswersLine)}\n`);
    const logged = await decided.logged.then(
      () => true,
      (err: unknown) => {
        // The statement carries the entries: log its error code only.
        logger.error({ code: (err as { code?: string }).code, requestId: actor.requestId }, 'access log: append failed');
        return false;
      },
    );
    res.end(`${JSON.stringify({ logged } satisfies PdpLoggedLine)}\n`);
  });
}
