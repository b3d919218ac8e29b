import { ACCESS_RULES } from './consent/rules/access-policy';
import { CATALOGUE } from '../platform/catalogue';
import type { FieldDeclaration } from './shared/declarations';
import type { OperationRule } from '../platform/operations';
import { buildGuardedSchema } from './shared/server';
import { SUBGRAPH_NAMES } from '../platform/services';

/**
 * The access rules in force as one document for DPOs (docs/access-rules.md, and the
 * `accessRulesDocument` query): the policy decision point's rules, the operation catalogue and the
 * declaration of every field of every subgraph, all read from the code that enforces them, so the
 * document cannot say something the hub does not do. `npm run schema` writes it; a test fails when
 * the committed file is stale.
 */
const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
const roles = (r: OperationRule['roles']) =>
  Array.isArray(r) ? r.join(', ') : r === 'service' ? 'another subgraph (service credential)' : r === 'public' ? 'anyone, no token (published)' : 'any signed-in user';

function fieldRule(d: FieldDeclaration): [string, string] {
  if (d.personal) {
    const how = [
      d.decidedByResolver ? 'decided per supplying agency by its resolver' : 'decided per person × supplying agency',
      d.emptyIsNull ? 'empty: null without error' : '',
      d.notPersonalWhen ? 'not personal for some records (see note)' : '',
      d.readers ? `only ${d.readers.join(', ')}` : '',
    ].filter(Boolean);
    return [`personal: ${d.category}`, how.join('; ')];
  }
  if (d.serviceOnly) return ['not personal', 'service credential only'];
  if (d.scope) return ['not personal', `scope: ${d.scope}`];
  if (d.readers) return ['not personal', `only ${d.readers.join(', ')}`];
  return ['not personal', ''];
}

export async function renderAccessRules(): Promise<string> {
  // Loaded when rendered, not at the top: the consent subgraph serves this document and is one of them.
  const { subgraphs } = await import('./index.js');
  const out: string[] = [
    '# Access rules in force',
    '',
    'Generated from the code by `npm run schema` (subgraphs/access-rules.ts): the policy decision point’s rules,',
    'who may call each operation, and what every field of the API is. Do not edit by hand; DPOs read the',
    'same text through the `accessRulesDocument` query.',
    '',
    'Personal data belongs to the agency that supplied it: a decision is taken per person × category ×',
    'supplying agency; the supplier always sees its own values; another agency only under a grant (below).',
    'A withheld field is `null` with a `FORBIDDEN` error naming the category and `extensions.reason`',
    '(`denied`, or `decision-unavailable` when the decision point could not answer: the hub fails closed).',
    '',
    '## 1. Policy decision point (tried in order; the first that applies decides)',
    '',
    '| # | rule | effect | roles | categories | what it means |',
    '|---|---|---|---|---|---|',
    ...ACCESS_RULES.map((r, i) => `| ${i + 1} | \`${r.id}\` | ${r.effect} | ${r.roles.join(', ')} | ${r.categories.join(', ')} | ${cell(r.description)} |`),
    '',
    '## 2. Who may do what (operation catalogue, platform/catalogue.ts)',
    '',
    'Scopes: `own-agency` (the caller’s agency’s records), `own-authority` (the applications and reviews of the',
    'authority the caller’s agency is), `panel-member` (a panel agency or the convening authority),',
    '`supplying-controller` (the agency that supplied the data), `service` (another subgraph), `any` (the answer is',
    'filtered field by field).',
    '',
  ];
  for (const name of SUBGRAPH_NAMES) {
    const cat = CATALOGUE[name];
    out.push(`### ${name}`, '', '| operation | roles | scope | what |', '|---|---|---|---|');
    for (const [op, rule] of Object.entries(cat.operations).sort(([a], [b]) => a.localeCompare(b))) {
      out.push(`| \`${op}\` | ${roles(rule.roles)} | ${rule.scope} | ${cell(rule.description)} |`);
    }
    const entities = Object.entries(cat.entities).map(([t, r]) => `${t} (${Array.isArray(r) ? r.join(', ') : 'any signed-in user'})`);
    out.push('', `By reference (\`_entities\`): ${entities.join('; ')}. Any other type is refused.`, '');
  }
  out.push('## 3. What every field is (declared on the field; a field without a declaration is refused)', '');
  for (const name of SUBGRAPH_NAMES) {
    const { permissions } = await buildGuardedSchema(subgraphs[name], { rules: false });
    out.push(`### ${name}`, '', '| field | data | how it is decided | note |', '|---|---|---|---|');
    const rows = permissions.declarations
      .filter((d) => d.type !== 'Query' && d.type !== 'Mutation')
      .sort((a, b) => `${a.type}.${a.field}`.localeCompare(`${b.type}.${b.field}`));
    for (const { type, field, declaration } of rows) {
      const [data, how] = fieldRule(declaration as FieldDeclaration);
      out.push(`| \`${type}.${field}\` | ${data} | ${how} | ${cell((declaration as FieldDeclaration).note ?? '')} |`);
    }
    out.push('');
  }
  return `${out.join('\n').trim()}\n`;
}

let rendered: Promise<string> | undefined;
/** The document as served by `accessRulesDocument` (rendered once per process: the code does not change while it runs). */
export function accessRulesDocument(): Promise<string> {
  rendered ??= renderAccessRules();
  return rendered;
}
