/**
 * `npm run stats -- incidents --group-by month,area [--source POLICE] [--agency kent-police]
 *   [--category NUISANCE] [--from 2026-01-01] [--to 2026-12-31] [--csv] [--out file.csv]`
 * `npm run stats -- triggers --from 2026-04-01 --to 2027-03-31 [--authority sevenoaks-dc] [--csv] [--out file.csv]`
 *
 * Asks the running hub (HUB_URL, default http://localhost:4000/graphql) the statistics query as an
 * analyst, so the output is exactly what the API publishes, disclosure control included, and prints
 * a table or CSV (csv-stringify). The token is HUB_TOKEN or --token; without one, in development, an
 * analyst token is minted with the local secret.
 */
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { stringify } from 'csv-stringify/sync';
import { signToken } from '../subgraphs/shared/auth';

export interface StatsOutput {
  columns: string[];
  rows: Array<Record<string, string | number | boolean | null>>;
}

const USAGE = `usage:
  npm run stats -- incidents --group-by <month,source,category,area,agency> [--source S] [--agency A] [--category C] [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--csv] [--out file]
  npm run stats -- triggers --from YYYY-MM-DD --to YYYY-MM-DD [--authority A] [--csv] [--out file]`;

export class UsageError extends Error {}

async function gql(url: string, token: string, query: string, variables: Record<string, unknown>) {
  let res: Response;
  try {
    res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ query, variables }) });
  } catch {
    throw new Error(`the hub is not answering at ${url}: start it with npm start (or set HUB_URL)`);
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
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      'group-by': { type: 'string' }, source: { type: 'string' }, agency: { type: 'string' }, category: { type: 'string' },
      from: { type: 'string' }, to: { type: 'string' }, authority: { type: 'string' },
      csv: { type: 'boolean' }, out: { type: 'string' }, token: { type: 'string' }, url: { type: 'string' },
    },
  });
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
  throw new UsageError(USAGE);
}

export function toCsv(out: StatsOutput): string {
  return stringify(out.rows, { header: true, columns: out.columns, cast: { boolean: (b) => (b ? 'true' : 'false') } });
}

async function main() {
  const argv = process.argv.slice(2);
  const { values } = parseArgs({ args: argv, allowPositionals: true, strict: false, options: { csv: { type: 'boolean' }, out: { type: 'string' }, token: { type: 'string' }, url: { type: 'string' } } });
  const url = (values.url as string | undefined) ?? process.env.HUB_URL ?? 'http://localhost:4000/graphql';
  const token = (values.token as string | undefined) ?? process.env.HUB_TOKEN ?? (await signToken({ sub: 'stats.cli', agency: 'sevenoaks-dc', roles: ['analyst'], ttl: '10m' }));
  const out = await runStats(argv, { url, token });
  if (values.csv || values.out) {
    const csv = toCsv(out);
    if (values.out) {
      fs.writeFileSync(values.out as string, csv);
      console.error(`${out.rows.length} rows written to ${values.out}`);
    } else process.stdout.write(csv);
  } else {
    console.table(out.rows);
  }
}

if (require.main === module) {
  main().catch((err) => {
    console.error(err instanceof UsageError ? err.message : `stats: ${err instanceof Error ? err.message : err}`);
    process.exit(err instanceof UsageError ? 2 : 1);
  });
}
