/**
 * `npm run seed`: loads the demo partnership into the database (DATABASE_URL, or the embedded one),
 * migrating first. Safe to run again: what exists is left as it is.
 */
import { subgraphs } from '../subgraphs';
import { databaseUrl, openSubgraphDatabase, stopEmbeddedPostgres, type SubgraphDatabase } from '../subgraphs/shared/database';
import { SUBGRAPH_NAMES, type SubgraphName } from '../subgraphs/shared/server';
import { seedDemoData } from '../seeds';

async function main() {
  const clientUrl = await databaseUrl();
  const dbs = {} as Record<SubgraphName, { db: SubgraphDatabase }>;
  try {
    for (const name of SUBGRAPH_NAMES) {
      const def = subgraphs[name];
      dbs[name] = { db: await openSubgraphDatabase({ schema: name, entities: def.entities, migrations: def.migrations, clientUrl }) };
    }
    await seedDemoData(dbs);
    console.log('demo data loaded');
  } finally {
    for (const { db } of Object.values(dbs)) await db.close();
    await stopEmbeddedPostgres();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
