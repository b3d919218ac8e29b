import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { projectRoot } from '../../platform/paths';
import type { SubgraphName } from '../../platform/services';

/**
 * Subgraphs as their own processes (the docker-compose topology: one process per subgraph), for
 * benchmarks that must not share one event loop between the gateway and the subgraphs.
 */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

export interface SubgraphProcess {
  url: string;
  pid: number;
  stop(): Promise<void>;
}

/** CPU time (user + system) a process has used so far, in ms (Linux /proc, 10 ms ticks; NaN elsewhere). */
export function cpuMsOf(pid: number | undefined): number {
  try {
    const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    // utime and stime are fields 14 and 15 of stat (11 and 12 after the command), in clock ticks (100 a second).
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return NaN;
  }
}

/**
 * `BENCH_PROFILE_DIR=dir npm run bench -- …` writes a V8 CPU profile of each of the hub's processes
 * there (named by script, arguments and a count), to find where a benchmark's time goes; Node refuses
 * `--cpu-prof` in NODE_OPTIONS.
 */
let profiled = 0;
function profileArgs(script: string, args: string[]): string[] {
  const dir = process.env.BENCH_PROFILE_DIR;
  if (!dir) return [];
  const name = [path.basename(script, '.ts'), ...args.map((a) => a.replace(/[^\w-]/g, ''))].join('-');
  return ['--cpu-prof', `--cpu-prof-dir=${dir}`, `--cpu-prof-name=${name}-${process.pid}-${++profiled}.cpuprofile`];
}

/** A process of the hub started with `node --import tsx <script> ...args`, up once `healthUrl` answers. */
export async function spawnService(
  script: string,
  args: string[],
  env: Record<string, string>,
  healthUrl: string,
  url: string,
  opts: { stdout?: 'ignore' | 'inherit' } = {},
): Promise<SubgraphProcess> {
  const child: ChildProcess = spawn(process.execPath, [...profileArgs(script, args), '--import', 'tsx', script, ...args], {
    cwd: projectRoot(),
    env: { ...process.env, LOG_LEVEL: 'warn', ...env, HOST: '127.0.0.1' },
    stdio: ['ignore', opts.stdout ?? 'ignore', 'inherit'],
  });
  const deadline = Date.now() + 90_000;
  while (true) {
    if (child.exitCode !== null) throw new Error(`${script} ${args.join(' ')} exited with ${child.exitCode}`);
    const ok = await fetch(healthUrl).then((r) => r.ok, () => false);
    if (ok) break;
    if (Date.now() > deadline) {
      child.kill();
      throw new Error(`${script} ${args.join(' ')} did not start`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    url,
    pid: child.pid!,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

/** One subgraph as subgraphs/main.ts runs it, on a free port (its warnings shown). */
export async function spawnSubgraph(name: SubgraphName, env: Record<string, string>): Promise<SubgraphProcess> {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  return spawnService(path.join('subgraphs', 'main.ts'), [name], { ...env, PORT: String(port) }, `${base}/healthz`, `${base}/graphql`, { stdout: 'inherit' });
}
