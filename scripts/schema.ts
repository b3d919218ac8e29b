/**
 * `npm run schema`: prints each subgraph's SDL into schema/<name>.graphql and composes
 * schema/supergraph.graphql with @apollo/composition. `--check` writes nothing and exits 1 when
 * schema/ is stale or composition fails (CI and a test use it).
 */
import fs from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../subgraphs/shared/paths';
import { composeSubgraphSchemas } from './lib/compose';

async function main() {
  const check = process.argv.includes('--check');
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
  if (stale) process.exit(1);
  console.log(check ? 'schema/ is current' : 'schema/ is up to date');
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
