import type { IncomingMessage, ServerResponse } from 'node:http';
import { authenticate } from '../../../platform/auth';
import { requestIdOf } from '../../../platform/apollo';
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

const BODY_LIMIT = 5 * 1024 * 1024;

/**
 * The endpoint as a plain `http` handler, served before Express (shared/server.ts `fastRoutes`):
 * asked once by every request of another subgraph that reads personal data, so it skips the router,
 * the JSON body middleware and the per-request logger; its own log line names the request id.
 */
export function policyDecisionHandler(db: SubgraphDatabase): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    const started = performance.now();
    const requestId = requestIdOf(req.headers['x-request-id']);
    const reply = (status: number, body: object) => {
      res.writeHead(status, { 'content-type': 'application/json', 'x-request-id': requestId });
      res.end(JSON.stringify(body));
      if (status >= 400) logger.warn({ requestId, status, service: 'consent' }, `POST ${PDP_PATH} ${status}`);
    };
    if (req.method !== 'POST') {
      res.setHeader('allow', 'POST');
      reply(405, { error: 'POST only' });
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let refused = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > BODY_LIMIT && !refused) {
        refused = true;
        reply(413, { error: 'request too large' });
        req.resume();
      } else if (!refused) chunks.push(chunk);
    });
    req.on('end', () => {
      if (refused) return;
      void answer(Buffer.concat(chunks)).catch((err: unknown) => {
        logger.error({ code: (err as { code?: string }).code, requestId }, 'policy decision point: failed');
        if (!res.headersSent) reply(500, { error: 'failed' });
        else res.destroy();
      });
    });

    async function answer(raw: Buffer) {
      try {
        const caller = await authenticate(req.headers.authorization);
        if (!caller.service) return reply(403, { error: 'service credential required' });
      } catch {
        return reply(401, { error: 'unauthenticated' });
      }
      if (!/^application\/json\b/i.test(req.headers['content-type'] ?? '')) return reply(415, { error: 'application/json required' });
      let body: unknown;
      try {
        body = JSON.parse(raw.toString('utf8'));
      } catch {
        return reply(400, { error: 'invalid request: body' });
      }
      const parsed = pdpRequest.safeParse(body);
      if (!parsed.success) {
        // Names the first field at fault, never the value sent.
        return reply(400, { error: `invalid request: ${parsed.error.issues[0]?.path.join('.') || 'body'}` });
      }
      const { actor, questions } = parsed.data;
      let decided: Awaited<ReturnType<typeof decideThenLog>>;
      try {
        decided = await decideThenLog(
          db.orm.em.fork(),
          { ...actor, requestId: actor.requestId ?? undefined, purpose: actor.purpose ?? undefined },
          questions.map(questionOf),
          new Date(),
          undefined,
          { appendAfterAnswers: true },
        );
      } catch (err) {
        logger.warn({ code: (err as { code?: string }).code, requestId: actor.requestId }, 'policy decision point: could not decide');
        return reply(503, { error: 'decisions unavailable' });
      }
      res.writeHead(200, { 'content-type': 'application/x-ndjson', 'x-request-id': requestId });
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
      if (logger.isLevelEnabled('info')) logger.info({ requestId, service: 'consent', questions: questions.length, responseTime: Math.round(performance.now() - started) }, `POST ${PDP_PATH} 200`);
    }
  };
}
