/**
 * `npm run migration:create -- <subgraph> [name]`: diffs the subgraph's entities against its
 * migrated schema (in a scratch database) and writes the next migration into
 * subgraphs/<subgraph>/migrations/, then rewrites that folder's index.ts.
 */
import fs from 'node:fs';
import path from 'node:path';
import { subgraphs } from '../subgraphs';
import { createDatabase, databaseUrl, dropDatabase, openSubgraphDatabase, stopEmbeddedPostgres } from '../subgraphs/shared/database';
import type { SubgraphName } from '../subgraphs/shared/server';
import { projectRoot } from '../subgraphs/shared/paths';
import { writeMigrationIndex } from './lib/migration-index';

async function main() {
  const name = process.argv[2] as SubgraphName;
  const def = subgraphs[name];
  if (!def) throw new Error(`usage: npm run migration:create -- <${Object.keys(subgraphs).join('|')}> [name]`);
  const dir = path.join(projectRoot(), 'subgraphs', name, 'migrations');
  const scratch = await createDatabase(await databaseUrl(), `hub_migration_${Date.now()}`);
  const db = await openSubgraphDatabase({ schema: def.name, entities: def.entities, migrations: def.migrations, clientUrl: scratch });
  try {
    const result = await db.orm.getMigrator().createMigration(dir, false, false, process.argv[3]);
    if (!result.fileName) console.log(`${name}: entities and migrations agree; nothing to write`);
    else console.log(`${name}: wrote migrations/${result.fileName}`);
    writeMigrationIndex(dir);
  } finally {
    await db.close();
    await dropDatabase(scratch);
    await stopEmbeddedPostgres();
  }
}

if (require.main === module) {
  main().catch((err) => {
    console.error(err);
    process.exit(1);
  });
}
