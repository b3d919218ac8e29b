/**
 * `npm run faults`: failure drills on loopback, each bounded in time.
 *  1. A subgraph stops mid-load and comes back on its port: answers are full, or partial with
 *     SERVICE_UNAVAILABLE for its fields — never a crash or another error — and full service
 *     returns by itself.
 *  2. PostgreSQL restarts during writes: writes fail cleanly while it is down, the hub reconnects by
 *     itself, and no acknowledged write is lost.
 * Uses its own embedded PostgreSQL (a restartable one), so DATABASE_URL is not touched.
 */
import './lib/load-env';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { subgraphs } from '../subgraphs';
import { Person } from '../subgraphs/consent/entities/Person';
import { signToken } from '../subgraphs/shared/auth';
import { startEmbeddedPostgres, stopEmbeddedPostgres } from '../subgraphs/shared/database';
import { startSubgraph } from '../subgraphs/shared/server';
import { DEMO } from '../seeds/demo-data';
import { machine } from './bench/lib';
import { runCommand } from './lib/cli';
import { markdownTable, writeBenchmarkSection } from './lib/docs';
import { startHub } from './lib/hub';
import { gql, runLoad } from './lib/load';

const lettersOf = (n: number): string => (n < 26 ? '' : lettersOf(Math.floor(n / 26) - 1)) + String.fromCharCode(97 + (n % 26));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const freePort = () =>
  new Promise<number>((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });

async function main() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'asb-faults-'));
  fs.chmodSync(dir, 0o755);
  const pg = { dir: path.join(dir, 'data'), port: await freePort(), database: 'asb_faults' };
  const clientUrl = await startEmbeddedPostgres(pg);
  const hub = await startHub({ clientUrl, gatewayPort: 0, subgraphPort: () => 0, seed: true });
  const url = `http://127.0.0.1:${hub.gateway.port}/graphql`;
  const spoc = await signToken({ sub: 'faults.spoc', agency: 'sevenoaks-dc', roles: ['spoc'] });
  const rows: Array<Record<string, string | number>> = [];
  let failed = false;
  try {
    // 1. A subgraph goes away under load and comes back.
    const tally = { full: 0, partial: 0, other: 0 };
    const otherErrors: string[] = [];
    const drill = (async () => {
      await sleep(3000);
      const port = hub.subgraphs.incidents.port;
      await hub.subgraphs.incidents.stop();
      await sleep(4000);
      hub.subgraphs.incidents = await startSubgraph(subgraphs.incidents, {
        clientUrl, port, peers: Object.fromEntries(Object.entries(hub.subgraphs).map(([n, s]) => [n, s.url])),
      });
    })();
    await runLoad(
      [{
        name: 'spoc: person with incidents', weight: 1,
        run: async () => {
          const r = await gql(url, spoc, `{ person(id: "${DEMO.people.alice}") { familyName incidents { id } } }`);
          if (!r.errors && r.data.person.incidents.length === 4) tally.full++;
          else if (r.data?.person?.familyName === 'Turner' && r.errors?.every((e) => e.extensions?.code === 'SERVICE_UNAVAILABLE')) tally.partial++;
          else {
            tally.other++;
            if (otherErrors.length < 3) otherErrors.push(JSON.stringify(r.errors ?? r.data).slice(0, 200));
          }
          return true;
        },
      }],
      { users: 4, seconds: 12 },
    );
    await drill;
    const after = await gql(url, spoc, `{ person(id: "${DEMO.people.alice}") { incidents { id } } }`);
    const recovered = !after.errors && after.data.person.incidents.length === 4;
    rows.push({ drill: 'incidents subgraph stopped 4 s under load', 'full answers': tally.full, 'partial (SERVICE_UNAVAILABLE)': tally.partial, 'other errors': tally.other, 'recovered by itself': recovered ? 'yes' : 'NO' });
    if (tally.other || !recovered || !tally.partial) failed = true;
    for (const e of otherErrors) console.log(`  unexpected: ${e}`);

    // 2. PostgreSQL restarts while people are being registered.
    const acknowledged: string[] = [];
    const unclean = new Set<string>();
    let refused = 0;
    let n = 0;
    const outage = (async () => {
      await sleep(3000);
      await stopEmbeddedPostgres();
      await sleep(3000);
      await startEmbeddedPostgres(pg);
    })();
    await runLoad(
      [{
        name: 'register a person', weight: 1,
        run: async () => {
          const i = ++n;
          const r = await gql(url, spoc, `mutation($input: PersonInput!) { registerPerson(input: $input) { id } }`, {
            // Letters only: person matching ignores digits, so "Fault1" and "Fault2" would be one person.
            input: { givenName: `Fault${lettersOf(i)}`, familyName: 'Drill', dateOfBirth: '1970-01-01', postcode: 'TN13 1AA' },
          }).catch(() => ({ errors: [{ message: 'no answer' }] }) as Awaited<ReturnType<typeof gql>>);
          if (r.data?.registerPerson?.id) acknowledged.push(r.data.registerPerson.id);
          else {
            refused++;
            const codes = (r.errors ?? []).map((e) => e.extensions?.code);
            if (codes.some((c) => c !== 'SERVICE_UNAVAILABLE')) unclean.add(String(codes));
          }
          return true;
        },
      }],
      { users: 4, seconds: 12 },
    );
    await outage;
    // After the restart, writes work again without restarting the hub.
    const probe = await gql(url, spoc, `mutation { registerPerson(input: { givenName: "After", familyName: "Restart" }) { id } }`);
    const found = acknowledged.length ? await hub.subgraphs.consent.db.orm.em.fork().count(Person, { id: { $in: acknowledged } }) : 0;
    const lost = acknowledged.length - found;
    rows.push({
      drill: 'PostgreSQL stopped 3 s during writes', 'acknowledged writes': acknowledged.length, 'refused while down (SERVICE_UNAVAILABLE)': refused,
      'refused with another code': unclean.size ? [...unclean].join(' ') : 'none', 'acknowledged but lost': lost, 'writes work after restart': probe.data?.registerPerson?.id ? 'yes' : 'NO',
    });
    if (lost || !probe.data?.registerPerson?.id) failed = true;
  } finally {
    await hub.stop().catch(() => undefined);
    await stopEmbeddedPostgres().catch(() => undefined);
    fs.rmSync(dir, { recursive: true, force: true });
  }
  for (const r of rows) console.table([r]);
  const verdict = failed ? 'FAIL' : 'PASS';
  console.log(`faults: ${verdict}`);
  writeBenchmarkSection(
    'faults',
    `## Faults

Measured ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC with \`npm run faults\` on ${machine()}: ${verdict}.

${rows.map((r) => markdownTable([r])).join('\n\n')}`,
  );
  if (failed) process.exitCode = 1;
}

void runCommand(
  {
    name: 'faults',
    summary: 'Failure drills on loopback: a subgraph stopped under load, PostgreSQL restarted during writes; writes docs/benchmarks.md, exit 1 on a failed drill.',
    options: {},
    details: ['Uses its own embedded PostgreSQL; DATABASE_URL is not touched.'],
  },
  () => main(),
);
