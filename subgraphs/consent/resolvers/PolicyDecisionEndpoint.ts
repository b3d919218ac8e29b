import type { IncomingMessage, ServerResponse } from 'node:http';
import { StringDecoder } from 'node:string_decoder';
import { authenticate } from '../../../platform/auth';
import { requestIdOf } from '../../../platform/apollo';
import { logger } from '../../../platform/logger';
import { PDP_PATH, PDP_STREAM_TYPE, pdpOpening, pdpQuestionsLine, pdpRequest, type PdpAnswersLine, type PdpLoggedLine, type PdpRequestBody } from '../../shared/pdp-contract';
import type { AccessActor, AccessQuestion, ReadAhead } from '../../shared/access';
import type { SubgraphDatabase } from '../../shared/database';
import { decideThenLog, factsAhead, questionOf } from '../rules/policy-decision-point';

/**
 * The policy decision point for the other subgraphs, over plain HTTP (`POST /_pdp`, service
 * credential only): the same decisions as the service-only `_decideAccess` mutation, without a
 * GraphQL round of parsing and validation per request, and in two lines of newline-delimited JSON:
 * the answers as soon as they are taken, then `{"logged":true}` once the access log holds them. The
 * asking subgraph goes on with the answers and holds its own response until the second line
 * (shared/pdp-client.ts), so the append overlaps its work and nothing is disclosed unlogged. The
 * questions come in one JSON body, or streamed: a first line naming the actor and the people, on
 * which the facts about them are read, then the questions once the asker has read its rows. The
 * request and the lines are shared/pdp-contract.ts, which the client builds from too.
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
    let replied = false;
    const reply = (status: number, body: object) => {
      if (replied) return;
      replied = true;
      res.writeHead(status, { 'content-type': 'application/json', 'x-request-id': requestId });
      res.end(JSON.stringify(body));
      if (status >= 400) logger.warn({ requestId, status, service: 'consent' }, `POST ${PDP_PATH} ${status}`);
    };
    if (req.method !== 'POST') {
      res.setHeader('allow', 'POST');
      reply(405, { error: 'POST only' });
      return;
    }
    const type = req.headers['content-type'] ?? '';
    const streamed = type.toLowerCase().startsWith(PDP_STREAM_TYPE);
    if (!streamed && !/^application\/json\b/i.test(type)) {
      // Checked after the credential, as before: an anonymous caller learns nothing of the contract.
      void authorised().then((ok) => ok && reply(415, { error: 'application/json required' }));
      req.resume();
      return;
    }
    const credential = authorised();
    const failed = (err: unknown) => {
      logger.error({ code: (err as { code?: string }).code, requestId }, 'policy decision point: failed');
      if (!res.headersSent) reply(500, { error: 'failed' });
      else res.destroy();
    };

    // The body in lines: the streamed form's opening may arrive long before its questions.
    let size = 0;
    let buffered = '';
    let lines = 0;
    let opening: Promise<Opened | null> | undefined;
    const chunks: Buffer[] = [];
    // A character split between two chunks is joined, not mangled.
    const decoder = new StringDecoder('utf8');
    req.on('data', (chunk: Buffer) => {
      if (replied) return;
      size += chunk.length;
      if (size > BODY_LIMIT) {
        reply(413, { error: 'request too large' });
        req.resume();
        return;
      }
      if (!streamed) {
        chunks.push(chunk);
        return;
      }
      buffered += decoder.write(chunk);
      let nl: number;
      while (lines === 0 && (nl = buffered.indexOf('\n')) >= 0) {
        const line = buffered.slice(0, nl);
        buffered = buffered.slice(nl + 1);
        lines++;
        opening = open(line);
      }
    });
    req.on('end', () => {
      if (replied) return;
      if (!streamed) return void answerWhole(Buffer.concat(chunks).toString('utf8')).catch(failed);
      if (!opening) return void credential.then((ok) => ok && reply(400, { error: 'invalid request: actor' }));
      buffered += decoder.end();
      void opening
        .then((opened) => opened && answerOpened(opened, buffered))
        .catch(failed);
    });

    async function authorised(): Promise<boolean> {
      try {
        const caller = await authenticate(req.headers.authorization);
        if (caller.service) return true;
        reply(403, { error: 'service credential required' });
      } catch {
        reply(401, { error: 'unauthenticated' });
      }
      return false;
    }

    /** The streamed form's first line: who asks about whom; the facts about them are read at once. */
    async function open(line: string): Promise<Opened | null> {
      if (!(await credential)) return null;
      const parsed = pdpOpening.safeParse(parseJson(line));
      if (!parsed.success) {
        refuse(parsed.error);
        return null;
      }
      const actor = actorOf(parsed.data.actor);
      const em = db.orm.em.fork();
      return { actor, em, readAhead: factsAhead(em, actor.agencyId, parsed.data.people, actor.requestId) };
    }

    async function answerWhole(raw: string) {
      if (!(await credential)) return;
      const parsed = pdpRequest.safeParse(parseJson(raw));
      if (!parsed.success) return refuse(parsed.error);
      await decideAndAnswer(db.orm.em.fork(), actorOf(parsed.data.actor), parsed.data.questions.map(questionOf));
    }

    async function answerOpened(opened: Opened, raw: string) {
      const parsed = pdpQuestionsLine.safeParse(parseJson(raw.trim()));
      if (!parsed.success) return refuse(parsed.error);
      await decideAndAnswer(opened.em, opened.actor, parsed.data.questions.map(questionOf), opened.readAhead);
    }

    /** Names the first field at fault, never the value sent. */
    function refuse(error: { issues: Array<{ path: PropertyKey[] }> }) {
      reply(400, { error: `invalid request: ${error.issues[0]?.path.join('.') || 'body'}` });
    }

    async function decideAndAnswer(em: SubgraphDatabase['orm']['em'], actor: AccessActor, questions: AccessQuestion[], readAhead?: ReadAhead) {
      if (!questions.length) {
        // An opening never asked (the asker needed no decision): nothing to decide or log.
        res.writeHead(200, { 'content-type': 'application/x-ndjson', 'x-request-id': requestId });
        res.end(`${JSON.stringify({ answers: [] } satisfies PdpAnswersLine)}\n${JSON.stringify({ logged: true } satisfies PdpLoggedLine)}\n`);
        return;
      }
      let decided: Awaited<ReturnType<typeof decideThenLog>>;
      try {
        decided = await decideThenLog(em, actor, questions, new Date(), readAhead);
      } catch (err) {
        logger.warn({ code: (err as { code?: string }).code, requestId: actor.requestId }, 'policy decision point: could not decide');
        return reply(503, { error: 'decisions unavailable' });
      }
      replied = true;
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

interface Opened {
  actor: AccessActor;
  em: SubgraphDatabase['orm']['em'];
  readAhead: ReadAhead;
}

const parseJson = (raw: string): unknown => {
  try {
    return JSON.parse(raw);
  } catch {
    return undefined;
  }
};

const actorOf = (a: PdpRequestBody['actor']): AccessActor => ({ ...a, requestId: a.requestId ?? undefined, purpose: a.purpose ?? undefined });
