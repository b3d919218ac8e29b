/**
 * `npm run seed`: loads the demo partnership into the database (DATABASE_URL, or the embedded one),
 * migrating first. Safe to run again: what exists is left as it is.
 *
 * `npm run seed -- --scale <N> [--seed <n>]`: also generates N realistic incidents with people,
 * applications and case reviews in proportion (seeds/scale.ts), loaded with COPY. Each run adds N
 * more; use a fresh database for a clean benchmark.
 */
import { parseArgs } from 'node:util';
import { seedDemoData } from '../seeds';
import { seedScale } from '../seeds/scale';
import { withDatabases } from './lib/databases';

const { values } = parseArgs({ options: { scale: { type: 'string' }, seed: { type: 'string' } } });
const scale = values.scale === undefined ? 0 : Number(values.scale.replace(/_/g, ''));
if (values.scale !== undefined && (!Number.isInteger(scale) || scale < 1)) {
  console.error('--scale needs a whole number of incidents, e.g. --scale 1000000');
  process.exit(2);
}

withDatabases(async (dbs) => {
  await seedDemoData(dbs);
  console.log('demo data loaded');
  if (scale) {
    const url = dbs.incidents.db.orm.config.get('clientUrl')!;
    const result = await seedScale(url, { incidents: scale, seed: values.seed ? Number(values.seed) : undefined, log: (l) => console.log(`  ${l}`) });
    console.log(
      `scale data loaded in ${result.seconds} s: ${result.incidents} incidents (${Math.round(result.incidents / result.seconds)}/s), ` +
        `${result.people} people, ${result.applications} applications, ${result.reviews} case reviews, ${result.areas} areas, ${result.agencies} more agencies`,
    );
  }
}).catch((err) => {
  console.error(err);
  process.exit(1);
});
