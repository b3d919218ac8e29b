/**
 * `npm run seed`: loads the demo partnership into the database (DATABASE_URL, or the embedded one),
 * migrating first. Safe to run again: what exists is left as it is.
 */
import { seedDemoData } from '../seeds';
import { withDatabases } from './lib/databases';

withDatabases(async (dbs) => {
  await seedDemoData(dbs);
  console.log('demo data loaded');
}).catch((err) => {
  console.error(err);
  process.exit(1);
});
