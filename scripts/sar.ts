/**
 * `npm run sar -- <personId> [--out file.json | --out -] [--actor <dpo user>] [--agency <agency>]`:
 * writes a subject access export (everything the hub holds on the person, and who accessed it) as
 * JSON and a readable HTML page beside it, owner-only, outside the repository by default
 * (scripts/lib/sar-output.ts), or the JSON to standard output.
 */
import { CliError, runCommand, UsageError } from './lib/cli';
import { refusedSarPath, renderSarHtml, sarFiles, writePrivate } from './lib/sar-output';
import { withDatabases } from './lib/databases';
import { subjectAccessExport } from './lib/subject-access';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const spec = {
  name: 'sar',
  summary: 'Writes a subject access export: everything held on the person in every subgraph, and who accessed it (the export is logged).',
  args: '<personId>',
  positionals: { min: 1, max: 1 },
  options: {
    out: { type: 'string', value: '<file.json|->', description: 'where to write it, owner-only, with the HTML beside it (default: $SAR_OUTPUT_DIR, else ~/asb-hub-sar, /sar-<personId>-<date>.json); - for the JSON on standard output' },
    actor: { type: 'string', value: '<user>', description: 'the DPO making the export, for the access log (default: dpo:$USER)' },
    agency: { type: 'string', value: '<agencyId>', description: "the DPO's agency, for the access log (default: hub)" },
  },
} as const;

void runCommand(spec, async ({ values, positionals: [personId] }) => {
  if (!UUID.test(personId)) throw new UsageError('<personId> is a Person id (a UUID)');
  const toStdout = values.out === '-';
  const refused = values.out && !toStdout ? refusedSarPath(values.out) : null;
  if (refused) throw new UsageError(refused);
  await withDatabases(async (dbs) => {
    const actor = { sub: values.actor ?? `dpo:${process.env.USER ?? 'cli'}`, agencyId: values.agency ?? 'hub' };
    const result = await subjectAccessExport(dbs, personId, actor);
    if (!result) throw new CliError(`no person ${personId}`);
    if (toStdout) {
      process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
      return;
    }
    const files = sarFiles(personId, result.generatedAt, values.out);
    writePrivate(files.json, JSON.stringify(result, null, 2));
    writePrivate(files.html, renderSarHtml(result));
    console.log(
      `wrote ${files.json} and ${files.html} (owner-only): ${result.consents.length} consents, ${result.accessGrants.length} grants, ${result.incidents.length} incidents, ` +
        `${result.triggerApplications.length} applications, ${result.caseReviews.length} reviews, ${result.accessLog.length} access log entries`,
    );
  });
});
