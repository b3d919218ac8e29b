/**
 * `npm run sar -- <personId> [--out file.json] [--actor <dpo user>] [--agency <agency>]`: writes a
 * subject access export (everything the hub holds on the person, and who accessed it) as JSON.
 */
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { withDatabases } from './lib/databases';
import { subjectAccessExport } from './lib/subject-access';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { out: { type: 'string' }, actor: { type: 'string' }, agency: { type: 'string' } },
});
const personId = positionals[0];
if (!personId) {
  console.error('usage: npm run sar -- <personId> [--out file.json] [--actor <dpo user>] [--agency <agency>]');
  process.exit(2);
}

withDatabases(async (dbs) => {
  const actor = { sub: values.actor ?? `dpo:${process.env.USER ?? 'cli'}`, agencyId: values.agency ?? 'hub' };
  const result = await subjectAccessExport(dbs, personId, actor);
  if (!result) {
    console.error(`No person ${personId}`);
    process.exitCode = 1;
    return;
  }
  const out = values.out ?? `sar-${personId}-${result.generatedAt.slice(0, 10)}.json`;
  fs.writeFileSync(out, JSON.stringify(result, null, 2));
  console.log(
    `wrote ${out}: ${result.consents.length} consents, ${result.accessGrants.length} grants, ${result.incidents.length} incidents, ` +
      `${result.triggerApplications.length} applications, ${result.caseReviews.length} reviews, ${result.accessLog.length} access log entries`,
  );
}).catch((err) => {
  console.error(err);
  process.exit(1);
});
