/**
 * `npm run stats -- incidents --group-by month,area [--source POLICE] [--agency kent-police]
 *   [--category NUISANCE] [--from 2026-01-01] [--to 2026-12-31] [--csv] [--out file.csv]`
 * `npm run stats -- triggers --from 2026-04-01 --to 2027-03-31 [--authority sevenoaks-dc] [--csv] [--out file.csv]`
 *
 * Asks the running hub (HUB_URL, else http://localhost:$PORT/graphql, PORT 4000) the statistics query as an
 * analyst, so the output is exactly what the API publishes, disclosure control included, and prints
 * a table or CSV (csv-stringify). The token is HUB_TOKEN or --token; without one, in development, an
 * analyst token is minted with the local secret.
 */
import fs from 'node:fs';
import { stringify } from 'csv-stringify/sync';
import { signToken } from '../platform/auth';
import { parseCommand, runCommand, UsageError } from './lib/cli';

export { UsageError };

export interface StatsOutput {
  columns: string[];
  rows: Array<Record<string, string | number | boolean | null>>;
}

export const statsCommand = {
  name: 'stats',
  summary: 'Asks the running hub a statistics query as an analyst (disclosure control included) and prints a table or CSV.',
  args: 'incidents|triggers',
  positionals: { min: 1, max: 1 },
  options: {
    'group-by': { type: 'string', value: '<month,source,category,area,agency>', description: 'incidents: the dimensions to count by' },
    source: { type: 'string', value: '<POLICE|HOUSING|WARDEN>', description: 'incidents: only this source' },
    agency: { type: 'string', value: '<agencyId>', description: 'incidents: only this agency' },
    category: { type: 'string', value: '<PERSONAL|NUISANCE|ENVIRONMENTAL>', description: 'incidents: only this category' },
    from: { type: 'string', value: '<YYYY-MM-DD>', description: 'first day (triggers: required)' },
    to: { type: 'string', value: '<YYYY-MM-DD>', description: 'last day (triggers: required)' },
    authority: { type: 'string', value: '<agencyId>', description: 'triggers: one authority' },
    csv: { type: 'boolean', description: 'print CSV instead of a table' },
    out: { type: 'string', value: '<file>', description: 'write CSV to this file' },
    token: { type: 'string', value: '<jwt>', description: 'bearer token (default: HUB_TOKEN, else an analyst token minted in development)' },
    url: { type: 'string', value: '<url>', description: 'the gateway (default: HUB_URL, else http://localhost:$PORT/graphql)' },
  },
  details: [
    'examples:',
    '  npm run stats -- incidents --group-by month,source --from 2026-01-01 --to 2026-12-31 --csv > incidents.csv',
    '  npm run stats -- triggers --from 2026-04-01 --to 2027-03-31 --out triggers.csv',
  ],
} as const;

/** HUB_URL, else the gateway on this machine's PORT (as `npm start` serves it). */
export function hubUrl(env: NodeJS.ProcessEnv = process.env): string {
  return env.HUB_URL || `http://localhost:${env.PORT || 4000}/graphql`;
}

async function gql(url: string, token: string, query: string, variables: Record<string, unknown>) {
  let res: Response;
  try {
    res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ query, variables }) });
  } catch {
    throw new Error(`the hub is not answering at ${url}: start it with npm start (or set HUB_URL or PORT)`);
  }
  const json = (await res.json()) as { data?: any; errors?: Array<{ message: string; extensions?: { code?: string; field?: string } }> };
  if (json.errors?.length) {
    const e = json.errors[0];
    throw new Error(`${e.extensions?.code ?? 'ERROR'}${e.extensions?.field ? ` (${e.extensions.field})` : ''}: ${e.message}`);
  }
  return json.data;
}

/** Runs one statistics query against the hub; returns its rows with their columns in order. */
export async function runStats(argv: string[], hub: { url: string; token: string }): Promise<StatsOutput> {
  const { values, positionals } = parseCommand(statsCommand, argv);
  const kind = positionals[0];
  if (kind === 'incidents') {
    const groupBy = (values['group-by'] ?? '').split(',').map((d) => d.trim().toUpperCase()).filter(Boolean);
    const filter = {
      source: values.source?.toUpperCase(), agencyId: values.agency, category: values.category?.toUpperCase(), from: values.from, to: values.to,
    };
    const data = await gql(hub.url, hub.token,
      `query($groupBy: [IncidentDimension!]!, $filter: IncidentStatsFilter) {
        incidentStatistics(groupBy: $groupBy, filter: $filter) { month source category area agencyId count suppressed } }`,
      { groupBy, filter });
    const names: Record<string, string> = { MONTH: 'month', SOURCE: 'source', CATEGORY: 'category', AREA: 'area', AGENCY: 'agencyId' };
    const columns = [...groupBy.map((d) => names[d]), 'count', 'suppressed'];
    const rows = (data.incidentStatistics as Array<Record<string, any>>).map((r) => Object.fromEntries(columns.map((c) => [c, r[c]])));
    return { columns, rows };
  }
  if (kind === 'triggers') {
    if (!values.from || !values.to) throw new UsageError('triggers needs --from and --to');
    const share = 'due inTime share suppressed';
    const fields = `authority { id } from to applicationsReceived thresholdNotMet reviewsCarriedOut reviewsWithRecommendations suppressedFigures
      acknowledgedInTime { ${share} } decidedInTime { ${share} }`;
    const data = await gql(hub.url, hub.token,
      `query($authority: ID, $from: Date!, $to: Date!) { triggerStatistics(authority: $authority, from: $from, to: $to) { ${fields} byAuthority { ${fields} } } }`,
      { authority: values.authority ?? null, from: values.from, to: values.to });
    const s = data.triggerStatistics;
    const flat = (x: any) => ({
      authority: x.authority?.id ?? 'all', from: x.from, to: x.to,
      applicationsReceived: x.applicationsReceived, thresholdNotMet: x.thresholdNotMet, reviewsCarriedOut: x.reviewsCarriedOut,
      reviewsWithRecommendations: x.reviewsWithRecommendations, suppressedFigures: x.suppressedFigures.join(' '),
      acknowledgementsDue: x.acknowledgedInTime.due, acknowledgedInTime: x.acknowledgedInTime.inTime, acknowledgedInTimeShare: x.acknowledgedInTime.share,
      decisionsDue: x.decidedInTime.due, decidedInTime: x.decidedInTime.inTime, decidedInTimeShare: x.decidedInTime.share,
    });
    const rows = [flat(s), ...s.byAuthority.map(flat)];
    return { columns: Object.keys(rows[0]), rows };
  }
  throw new UsageError(`unknown statistics ${kind ?? ''}: incidents or triggers`);
}

export function toCsv(out: StatsOutput): string {
  return stringify(out.rows, { header: true, columns: out.columns, cast: { boolean: (b) => (b ? 'true' : 'false') } });
}

if (require.main === module) {
  void runCommand(statsCommand, async ({ values }) => {
    const url = values.url ?? hubUrl();
    const token = values.token ?? process.env.HUB_TOKEN ?? (await signToken({ sub: 'stats.cli', agency: 'sevenoaks-dc', roles: ['analyst'], ttl: '10m' }));
    const out = await runStats(process.argv.slice(2), { url, token });
    if (values.csv || values.out) {
      const csv = toCsv(out);
      if (values.out) {
        fs.writeFileSync(values.out, csv);
        console.error(`${out.rows.length} rows written to ${values.out}`);
      } else process.stdout.write(csv);
    } else {
      console.table(out.rows);
    }
  });
}
