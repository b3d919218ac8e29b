/**
 * `npm run schema`: prints each subgraph's SDL into schema/<name>.graphql and composes
 * schema/supergraph.graphql with @apollo/composition, and writes docs/access-rules.md from the access
 * declarations (subgraphs/access-rules.ts). `--check` writes nothing and exits 1 when either is stale
 * or composition fails (CI and a test use it).
 */
import fs from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../subgraphs/shared/paths';
import { renderAccessRules } from '../subgraphs/access-rules';
import { composeSubgraphSchemas } from './lib/compose';

async function main() {
  const check = process.argv.includes('--check');
  const { files, hints } = await composeSubgraphSchemas();
  const targets: Array<[string, string]> = Object.entries(files).map(([name, text]) => [path.join('schema', name), text]);
  targets.push([path.join('docs', 'access-rules.md'), await renderAccessRules()]);
  let stale = 0;
  for (const [name, text] of targets) {
    const file = path.join(projectRoot(), name);
    const current = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
    if (current === text) continue;
    if (check) {
      console.error(`${name} is stale: run npm run schema`);
      stale++;
    } else {
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, text);
      console.log(`wrote ${name}`);
    }
  }
  for (const h of hints) console.log(`hint: ${h}`);
  if (stale) process.exit(1);
  console.log(check ? 'schema/ and docs/access-rules.md are current' : 'schema/ and docs/access-rules.md are up to date');
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
