/**
 * `npm run retention [-- --months N]`: anonymises incidents older than the retention period
 * (INCIDENT_RETENTION_MONTHS, default 72) and logs it in the access log, one entry per person
 * whose data was removed.
 */
import { AccessOutcome, ProcessingAction } from '../subgraphs/consent/entities/AccessEvent';
import { appendAccessEvents } from '../subgraphs/consent/rules/audit-log';
import { anonymiseOldIncidents } from '../subgraphs/incidents/rules/retention';
import { config } from '../subgraphs/shared/config';
import { DataCategory } from '../subgraphs/shared/enums';
import { runCommand, UsageError } from './lib/cli';
import { withDatabases, type Databases } from './lib/databases';

export async function runRetention(dbs: Databases, months: number, actor = 'retention-job', now = new Date()) {
  const result = await anonymiseOldIncidents(dbs.incidents.db.orm.em.fork(), months, now);
  await appendAccessEvents(
    dbs.consent.db.orm.em.fork(),
    [...result.people].map(([personId, count]) => ({
      occurredAt: now, actorSub: actor, actorAgencyId: 'hub', actorRoles: ['system'], purpose: 'RETENTION', personId,
      category: DataCategory.INCIDENT_DETAIL, decision: AccessOutcome.ALLOW, basis: `retention-policy:${months}-months`,
      operation: `retention / anonymised ${count} incident(s) older than ${result.cutoff.toISOString().slice(0, 10)}`, subgraph: 'incidents',
      action: ProcessingAction.ERASE, justification: `retention policy: incidents' personal detail is kept ${months} months (UK GDPR Art. 5(1)(e))`,
    })),
  );
  return result;
}

const spec = {
  name: 'retention',
  summary: 'Removes the personal detail of incidents older than the retention period, keeping what statistics count; each person concerned is logged in the access log.',
  options: {
    months: { type: 'string', value: '<N>', description: 'the retention period in months (default: INCIDENT_RETENTION_MONTHS, 72)' },
  },
} as const;

if (require.main === module) {
  void runCommand(spec, async ({ values }) => {
    const months = values.months ? Number(values.months) : config().INCIDENT_RETENTION_MONTHS;
    if (!Number.isInteger(months) || months < 1) throw new UsageError('--months must be a whole number of months');
    await withDatabases(async (dbs) => {
      const r = await runRetention(dbs, months);
      console.log(`anonymised ${r.anonymised} incident(s) older than ${r.cutoff.toISOString().slice(0, 10)}, concerning ${r.people.size} person(s); logged`);
    });
  });
}
