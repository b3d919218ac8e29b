/**
 * `npm run schema`: prints each subgraph's SDL into schema/<name>.graphql and composes
 * schema/supergraph.graphql with @apollo/composition. `--check` writes nothing and exits 1 when
 * schema/ is stale or composition fails (CI and a test use it).
 */
import fs from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../subgraphs/shared/paths';
import { runCommand } from './lib/cli';
import { composeSubgraphSchemas } from './lib/compose';

async function main(check: boolean) {
  const dir = path.join(projectRoot(), 'schema');
  const { files, hints } = await composeSubgraphSchemas();
  let stale = 0;
  for (const [name, text] of Object.entries(files)) {
    const file = path.join(dir, name);
    const current = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
    if (current === text) continue;
    if (check) {
      console.error(`schema/${name} is stale: run npm run schema`);
      stale++;
    } else {
      fs.mkdirSync(dir, { recursive: true });
      fs.writeFileSync(file, text);
      console.log(`wrote schema/${name}`);
    }
  }
  for (const h of hints) console.log(`hint: ${h}`);
  if (stale) {
    process.exitCode = 1;
    return;
  }
  console.log(check ? 'schema/ is current' : 'schema/ is up to date');
}

void runCommand(
  {
    name: 'schema',
    summary: "Prints each subgraph's SDL into schema/ and composes schema/supergraph.graphql with @apollo/composition.",
    options: { check: { type: 'boolean', description: 'write nothing; exit 1 when schema/ is stale or composition fails (npm run schema:check)' } },
  },
  ({ values }) => main(values.check === true),
);
