/**
 * `npm run ingest -- --source police|housing|warden [--format native|police-uk] [--agency <id>] <file>`
 *
 * Imports a file through the same validation and idempotent upsert as `submitIncidents`
 * (subgraphs/incidents/ingest/), in batches of 500 (with --bulk, of 5,000: the bulk mode), with a progress bar; prints the counts and writes
 * rejected records to `<file>.rejected.json` beside the input; the exit code is 1 when any record was
 * rejected (a CSV row that cannot be read is rejected alone, with its line). It uses the hub's database
 * (DATABASE_URL, or the embedded PostgreSQL) and reaches the consent subgraph at CONSENT_URL, or
 * starts one in this process when CONSENT_URL is unset.
 */
import './lib/quiet-logs';
import fs from 'node:fs';
import path from 'node:path';
import { SingleBar, Presets } from 'cli-progress';
import { consentSubgraph } from '../subgraphs/consent/service';
import { incidentsSubgraph } from '../subgraphs/incidents/service';
import { consentClient } from '../subgraphs/incidents/ingest/consent-client';
import { BULK_MAX } from '../subgraphs/incidents/ingest/bulk';
import { importFile, type ImportFormat } from '../subgraphs/incidents/ingest/importer';
import { MAX_BATCH } from '../subgraphs/incidents/ingest/records';
import { config } from '../platform/config';
import { databaseUrl, openSubgraphDatabase, stopEmbeddedPostgres } from '../subgraphs/shared/database';
import { IncidentSource } from '../subgraphs/shared/enums';
import { startSubgraph, type RunningSubgraph } from '../subgraphs/shared/server';
import { runCommand, UsageError } from './lib/cli';

const spec = {
  name: 'ingest',
  summary: 'Imports incidents from a file through the same validation and idempotent upsert as submitIncidents; rejections go to <file>.rejected.json and make the exit code 1.',
  args: '<file>',
  positionals: { min: 1, max: 1 },
  options: {
    source: { type: 'string', value: '<police|housing|warden>', description: 'the kind of system the file comes from (required)' },
    format: { type: 'string', default: 'native', value: '<native|police-uk>', description: 'native: JSON array of IncidentInput or the source\'s CSV export; police-uk: data.police.uk street-level CSV' },
    agency: { type: 'string', value: '<agencyId>', description: 'the submitting agency (required for native files)' },
    'batch-size': { type: 'string', value: '<n>', description: 'records per transaction (1 to 1000; with --bulk up to 5000; default 500, with --bulk 5000)' },
    bulk: { type: 'boolean', description: 'bulk mode: batches of up to 5,000 records (the same validation, people, upsert, links)' },
  },
  details: [
    'Uses DATABASE_URL (else the embedded PostgreSQL) and the consent subgraph at CONSENT_URL (else one started in this process).',
    'example: npm run ingest -- --source police --format police-uk test/fixtures/police-uk/2024-01-city-of-london-street.csv',
  ],
} as const;

async function main(values: { source?: string; format: string; agency?: string; 'batch-size'?: string; bulk?: boolean }, file: string) {
  const source = (values.source ?? '').toUpperCase() as IncidentSource;
  const format = values.format as ImportFormat;
  if (!values.source) throw new UsageError('--source is required');
  if (!Object.values(IncidentSource).includes(source)) throw new UsageError('--source is police, housing or warden');
  if (!['native', 'police-uk'].includes(format)) throw new UsageError('--format is native or police-uk');
  const bulk = !!values.bulk;
  const most = bulk ? BULK_MAX : MAX_BATCH;
  const batchSize = Number(values['batch-size'] ?? (bulk ? BULK_MAX : 500));
  if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > most) throw new UsageError(`--batch-size is a whole number from 1 to ${most}${bulk ? '' : ' (up to 5000 with --bulk)'}`);
  if (!fs.existsSync(file)) throw new UsageError(`no file ${file}`);

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
        batchSize,
        bulk,
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

void runCommand(spec, ({ values, positionals: [file] }) => main(values, file));
