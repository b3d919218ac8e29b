/**
 * `npm run schema`: prints each subgraph's SDL into schema/<name>.graphql and composes
 * schema/supergraph.graphql with @apollo/composition, writes docs/access-rules.md from the access
 * declarations (subgraphs/access-rules.ts), and types the service-to-service operations from that SDL
 * (`subgraphs/<caller>/clients/operations/*.generated.ts`, scripts/lib/service-operations.ts).
 * `--check` writes nothing and exits 1 when any of them is stale or composition fails (CI and a
 * test use it).
 */
import fs from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../platform/paths';
import { renderAccessRules } from '../subgraphs/access-rules';
import { runCommand } from './lib/cli';
import { composeSubgraphSchemas } from './lib/compose';
import { generateServiceOperations } from './lib/service-operations';

async function main(check: boolean) {
  const { files, hints } = await composeSubgraphSchemas();
  const targets: Array<[string, string]> = Object.entries(files).map(([name, text]) => [path.join('schema', name), text]);
  targets.push([path.join('docs', 'access-rules.md'), await renderAccessRules()]);
  targets.push(...(await generateServiceOperations(files)));
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
  if (stale) {
    process.exitCode = 1;
    return;
  }
  const what = 'schema/, docs/access-rules.md and the service operations’ types';
  console.log(check ? `${what} are current` : `${what} are up to date`);
}

void runCommand(
  {
    name: 'schema',
    summary:
      "Prints each subgraph's SDL into schema/, composes schema/supergraph.graphql with @apollo/composition, writes docs/access-rules.md, and types the service-to-service operations (subgraphs/*/clients/operations/).",
    options: { check: { type: 'boolean', description: 'write nothing; exit 1 when schema/, docs/access-rules.md or an operation’s types are stale, or composition fails (npm run schema:check)' } },
  },
  ({ values }) => main(values.check === true),
);
