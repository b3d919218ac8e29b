/**
 * `npm run retention [-- --months N] [--dry-run | --yes]`: shows which incidents are older than the
 * retention period (INCIDENT_RETENTION_MONTHS, default 72), counted per supplying agency and year;
 * only with `--yes` anonymises them, logging each person concerned as an erasure in the access log.
 */
import { AccessOutcome, ProcessingAction } from '../subgraphs/consent/entities/AccessEvent';
import { appendAccessEvents } from '../subgraphs/consent/rules/audit-log';
import { anonymiseOldIncidents, previewRetention, retentionErasures, type RetentionPreview } from '../subgraphs/incidents/rules/retention';
import { config } from '../platform/config';
import { runCommand, UsageError } from './lib/cli';
import { withDatabases, type Databases } from './lib/databases';

export async function runRetention(dbs: Databases, months: number, actor = 'retention-job', now = new Date()) {
  const result = await anonymiseOldIncidents(dbs.incidents.db.orm.em.fork(), months, now);
  await appendAccessEvents(
    dbs.consent.db.orm.em.fork(),
    retentionErasures(result, months).map((step) => ({
      ...step, occurredAt: now, actorSub: actor, actorAgencyId: 'hub', actorRoles: ['system'], purpose: 'RETENTION', decision: AccessOutcome.ALLOW, subgraph: 'incidents', action: ProcessingAction.ERASE,
    })),
  );
  return result;
}

/** The dry run's report: what would change, per supplying agency and year. */
export function describePreview(p: RetentionPreview, months: number): string {
  const day = p.cutoff.toISOString().slice(0, 10);
  if (!p.incidents) return `nothing to anonymise: no incident older than ${day} (${months} months) still holds personal detail`;
  const lines = p.byAgencyYear.map((g) => `  ${g.agencyId.padEnd(24)} ${g.year}  ${String(g.incidents).padStart(8)}`);
  return [
    `would anonymise ${p.incidents} incident(s) older than ${day} (${months} months), concerning ${p.people} person(s):`,
    `  ${'agency'.padEnd(24)} year  incidents`,
    ...lines,
    'nothing changed (dry run): run again with --yes to anonymise them',
  ].join('\n');
}

const spec = {
  name: 'retention',
  summary:
    'Shows the incidents older than the retention period, per agency and year (a dry run, the default); with --yes removes their personal detail, keeping what statistics count, and logs each person concerned as an erasure.',
  options: {
    months: { type: 'string', value: '<N>', description: 'the retention period in months (default: INCIDENT_RETENTION_MONTHS, 72)' },
    'dry-run': { type: 'boolean', description: 'only show what would be anonymised (the default without --yes)' },
    yes: { type: 'boolean', description: 'anonymise them (after showing what)' },
  },
} as const;

if (require.main === module) {
  void runCommand(spec, async ({ values }) => {
    const months = values.months ? Number(values.months) : config().INCIDENT_RETENTION_MONTHS;
    if (!Number.isInteger(months) || months < 1) throw new UsageError('--months must be a whole number of months');
    if (values.yes && values['dry-run']) throw new UsageError('--dry-run and --yes exclude each other');
    await withDatabases(async (dbs) => {
      const preview = await previewRetention(dbs.incidents.db.orm.em.fork(), months);
      if (!values.yes || !preview.incidents) {
        console.log(describePreview(preview, months));
        return;
      }
      console.log(describePreview(preview, months).split('\n').slice(0, -1).join('\n').replace(/^would anonymise/, 'anonymising'));
      const r = await runRetention(dbs, months);
      console.log(`anonymised ${r.anonymised} incident(s) older than ${r.cutoff.toISOString().slice(0, 10)}, concerning ${r.people.size} person(s); logged as erasure`);
    });
  });
}
