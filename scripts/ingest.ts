/**
 * `npm run ingest -- --source police|housing|warden [--format native|police-uk] [--agency <id>] <file>`
 *
 * Imports a file through the same validation and idempotent upsert as `submitIncidents`
 * (subgraphs/incidents/ingest/), in batches of 500, with a progress bar; prints the counts and writes
 * rejected records to `<file>.rejected.json` beside the input. It uses the hub's database
 * (DATABASE_URL, or the embedded PostgreSQL) and reaches the consent subgraph at CONSENT_URL, or
 * starts one in this process when CONSENT_URL is unset.
 */
import './lib/quiet-logs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { SingleBar, Presets } from 'cli-progress';
import { consentSubgraph } from '../subgraphs/consent/service';
import { incidentsSubgraph } from '../subgraphs/incidents/service';
import { consentClient } from '../subgraphs/incidents/ingest/consent-client';
import { importFile, type ImportFormat } from '../subgraphs/incidents/ingest/importer';
import { config } from '../subgraphs/shared/config';
import { databaseUrl, openSubgraphDatabase, stopEmbeddedPostgres } from '../subgraphs/shared/database';
import { IncidentSource } from '../subgraphs/shared/enums';
import { startSubgraph, type RunningSubgraph } from '../subgraphs/shared/server';

const USAGE = 'usage: npm run ingest -- --source police|housing|warden [--format native|police-uk] [--agency <id>] <file>';

async function main() {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { source: { type: 'string' }, format: { type: 'string', default: 'native' }, agency: { type: 'string' }, 'batch-size': { type: 'string', default: '500' } },
  });
  const source = (values.source ?? '').toUpperCase() as IncidentSource;
  const format = values.format as ImportFormat;
  const file = positionals[0];
  if (!Object.values(IncidentSource).includes(source) || !['native', 'police-uk'].includes(format) || !file || positionals.length > 1) {
    console.error(USAGE);
    process.exit(2);
  }

  const url = await databaseUrl();
  const incidents = await openSubgraphDatabase({ schema: 'incidents', entities: incidentsSubgraph.entities, migrations: incidentsSubgraph.migrations, clientUrl: url });
  let consent: RunningSubgraph | undefined;
  if (!config().CONSENT_URL) consent = await startSubgraph(consentSubgraph, { clientUrl: url, port: 0 });
  const consentUrl = consent?.url ?? config().CONSENT_URL!;
  const bar = new SingleBar({ format: 'ingest [{bar}] {percentage}% | {value}/{total} records', stream: process.stderr, hideCursor: true }, Presets.shades_classic);
  let started = false;
  try {
    const t0 = performance.now();
    const report = await importFile(
      { knex: incidents.orm.em.getConnection().getKnex(), consent: consentClient(() => consentUrl) },
      {
        file: path.resolve(file),
        source,
        format,
        agencyId: values.agency,
        batchSize: Number(values['batch-size']),
        onProgress: (done, total) => {
          if (!started) bar.start(total, done);
          started = true;
          bar.update(done);
        },
      },
    );
    bar.stop();
    const secs = (performance.now() - t0) / 1000;
    console.log(
      `${path.basename(file)}: ${report.total} records for ${report.agencies.join(', ') || 'no agency'} — accepted ${report.accepted}, updated ${report.updated}, unchanged ${report.unchanged}, rejected ${report.rejected.length}, linked ${report.linked} (${secs.toFixed(1)} s)`,
    );
    if (report.rejectionsFile) console.log(`rejections: ${report.rejectionsFile}`);
    process.exitCode = report.rejected.length ? 1 : 0;
  } finally {
    if (started) bar.stop();
    await consent?.stop();
    await incidents.close();
    await stopEmbeddedPostgres();
  }
}

main().catch(async (err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  await stopEmbeddedPostgres().catch(() => undefined);
  process.exit(1);
});
