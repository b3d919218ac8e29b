import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A fault-injecting HTTP proxy on 127.0.0.1, put between the gateway and a subgraph (a slow
 * subgraph) or between two subgraphs (a service call failing mid-operation). It forwards every
 * request unchanged until told to misbehave, and then only for the requests `match` picks (by body),
 * so that one step of an operation fails while the steps before it succeed.
 */
export type Fault =
  | { kind: 'pass' }
  /** Hold the request this long before forwarding it (a slow subgraph). */
  | { kind: 'delay'; ms: number }
  /** Drop the connection without forwarding: the call never reached the peer. */
  | { kind: 'refuse' }
  /** Forward it, let the peer finish, then drop the connection before the answer: the peer acted, the caller cannot know. */
  | { kind: 'lose-response' };

export interface FaultProxy {
  url: string;
  set(fault: Fault, match?: (body: string) => boolean): void;
  /** Requests open now, the most open at once since the last reset, and how many were faulted. */
  stats(): { open: number; maxOpen: number; requests: number; faulted: number };
  resetStats(): void;
  stop(): Promise<void>;
}

export async function startFaultProxy(target: string): Promise<FaultProxy> {
  const upstream = new URL(target);
  let fault: Fault = { kind: 'pass' };
  let matches: (body: string) => boolean = () => true;
  let open = 0;
  let maxOpen = 0;
  let requests = 0;
  let faulted = 0;
  const agent = new http.Agent({ keepAlive: true });

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      requests++;
      open++;
      maxOpen = Math.max(maxOpen, open);
      let closed = false;
      res.on('close', () => {
        closed = true;
      });
      const done = () => open--;
      const body = Buffer.concat(chunks);
      const f = fault.kind !== 'pass' && matches(body.toString('utf8')) ? fault : ({ kind: 'pass' } as Fault);
      if (f.kind !== 'pass') faulted++;
      if (f.kind === 'refuse') {
        done();
        req.socket.destroy();
        return;
      }
      if (f.kind === 'delay') {
        const until = Date.now() + f.ms;
        while (!closed && Date.now() < until) await new Promise((r) => setTimeout(r, Math.min(50, until - Date.now())));
        if (closed) return done();
      }
      // The path as asked (the subgraph serves more than /graphql: the decision point's /_pdp).
      const headers = { ...req.headers, host: upstream.host, 'content-length': String(body.length) };
      const out = http.request({ host: upstream.hostname, port: upstream.port, path: req.url ?? upstream.pathname + upstream.search, method: req.method, headers, agent }, (answer) => {
        const parts: Buffer[] = [];
        answer.on('data', (c: Buffer) => parts.push(c));
        answer.on('end', () => {
          done();
          if (f.kind === 'lose-response') return void req.socket.destroy();
          if (closed) return;
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          res.end(Buffer.concat(parts));
        });
        answer.on('error', () => {
          done();
          req.socket.destroy();
        });
      });
      out.on('error', () => {
        done();
        req.socket.destroy();
      });
      out.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}${upstream.pathname}`,
    set(next, match) {
      fault = next;
      matches = match ?? (() => true);
    },
    stats: () => ({ open, maxOpen, requests, faulted }),
    resetStats() {
      maxOpen = open;
      requests = 0;
      faulted = 0;
    },
    async stop() {
      server.closeAllConnections();
      agent.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
