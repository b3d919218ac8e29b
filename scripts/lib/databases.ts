import { subgraphs } from '../../subgraphs';
import { databaseUrl, openSubgraphDatabase, stopEmbeddedPostgres, type SubgraphDatabase } from '../../subgraphs/shared/database';
import { SUBGRAPH_NAMES, type SubgraphName } from '../../platform/services';

/**
 * For command-line tools: every subgraph's database (migrated), opened on DATABASE_URL or the
 * embedded PostgreSQL, closed (and the embedded server stopped) after `work`.
 */
export type Databases = Record<SubgraphName, { db: SubgraphDatabase }>;

export async function withDatabases<T>(work: (dbs: Databases) => Promise<T>, clientUrl?: string): Promise<T> {
  const url = clientUrl ?? (await databaseUrl());
  const dbs = {} as Databases;
  try {
    for (const name of SUBGRAPH_NAMES) {
      const def = subgraphs[name];
      dbs[name] = { db: await openSubgraphDatabase({ schema: name, entities: def.entities, migrations: def.migrations, clientUrl: url }) };
    }
    return await work(dbs);
  } finally {
    for (const { db } of Object.values(dbs)) await db.close();
    if (!clientUrl) await stopEmbeddedPostgres();
  }
}
