/**
 * `npm run seed`: loads the demo partnership into the database (DATABASE_URL, or the embedded one),
 * migrating first. Safe to run again: what exists is left as it is.
 *
 * `npm run seed -- --scale <N> [--seed <n>]`: also generates N realistic incidents with people,
 * applications and case reviews in proportion (seeds/scale.ts), loaded with COPY. Each run adds N
 * more; use a fresh database for a clean benchmark.
 */
import { seedDemoData } from '../seeds';
import { seedScale } from '../seeds/scale';
import { runCommand, UsageError } from './lib/cli';
import { withDatabases } from './lib/databases';

const spec = {
  name: 'seed',
  summary: 'Loads the demo partnership (idempotent); with --scale, also N generated incidents with people, applications and reviews in proportion.',
  options: {
    scale: { type: 'string', value: '<N>', description: 'generate N incidents more (e.g. 1_000_000), loaded by COPY' },
    seed: { type: 'string', value: '<n>', description: 'random seed of the generator (the same seed gives the same data)' },
  },
  details: ['Uses DATABASE_URL, else the embedded PostgreSQL.'],
} as const;

void runCommand(spec, async ({ values }) => {
  const scale = values.scale === undefined ? 0 : Number(values.scale.replace(/_/g, ''));
  if (values.scale !== undefined && (!Number.isInteger(scale) || scale < 1)) throw new UsageError('--scale needs a whole number of incidents, e.g. --scale 1000000');
  const seed = values.seed === undefined ? undefined : Number(values.seed);
  if (seed !== undefined && !Number.isInteger(seed)) throw new UsageError('--seed needs a whole number');
  await withDatabases(async (dbs) => {
    await seedDemoData(dbs);
    console.log('demo data loaded');
    if (scale) {
      const url = dbs.incidents.db.orm.config.get('clientUrl')!;
      const result = await seedScale(url, { incidents: scale, seed, log: (l) => console.log(`  ${l}`) });
      console.log(
        `scale data loaded in ${result.seconds} s: ${result.incidents} incidents (${Math.round(result.incidents / result.seconds)}/s), ` +
          `${result.people} people, ${result.applications} applications, ${result.reviews} case reviews, ${result.areas} areas, ${result.agencies} more agencies`,
      );
    }
  });
});
