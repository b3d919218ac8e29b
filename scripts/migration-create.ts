/**
 * `npm run migration:create -- <subgraph> [name]`: diffs the subgraph's entities against its
 * migrated schema (in a scratch database) and writes the next migration into
 * subgraphs/<subgraph>/migrations/, then rewrites that folder's index.ts.
 */
import path from 'node:path';
import { subgraphs } from '../subgraphs';
import { createDatabase, databaseUrl, dropDatabase, openSubgraphDatabase, stopEmbeddedPostgres } from '../subgraphs/shared/database';
import type { SubgraphName } from '../platform/services';
import { projectRoot } from '../platform/paths';
import { runCommand, UsageError } from './lib/cli';
import { writeMigrationIndex } from './lib/migration-index';

const spec = {
  name: 'migration:create',
  summary: "Writes the subgraph's next migration from the difference between its entities and its migrated schema (diffed in a scratch database).",
  args: `<${Object.keys(subgraphs).join('|')}> [name]`,
  positionals: { min: 1, max: 2 },
  options: {},
} as const;

async function main(name: SubgraphName, migrationName?: string) {
  const def = subgraphs[name];
  if (!def) throw new UsageError(`unknown subgraph ${name} (one of ${Object.keys(subgraphs).join(', ')})`);
  const dir = path.join(projectRoot(), 'subgraphs', name, 'migrations');
  const scratch = await createDatabase(await databaseUrl(), `hub_migration_${Date.now()}`);
  const db = await openSubgraphDatabase({ schema: def.name, entities: def.entities, migrations: def.migrations, clientUrl: scratch });
  try {
    const result = await db.orm.getMigrator().createMigration(dir, false, false, migrationName);
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
  void runCommand(spec, ({ positionals: [name, migrationName] }) => main(name as SubgraphName, migrationName));
}
