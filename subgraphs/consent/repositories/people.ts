import type { EntityManager, Knex } from '@mikro-orm/postgresql';
import { timed } from '../../shared/step-timings';
import { linkPersonRecords, type LinkAudit, type SuppliedDetails } from '../resolvers/person-records';

/**
 * Reported people resolved to Person ids by the documented matching (rules/person-matching.ts),
 * those not known yet created, the details kept as `agencyId`'s own record of each
 * (resolvers/person-records.ts), all in one transaction. Set-based SQL, a few statements whatever
 * the number of people: this runs on every submission of incidents. Ids in the order given.
 */
export function resolveReportedPeople(em: EntityManager, agencyId: string, details: SuppliedDetails[], audit: Omit<LinkAudit, 'em'>): Promise<string[]> {
  return timed('consent: resolve transaction (all)', () =>
    em.transactional((tx) => linkPersonRecords(tx.getTransactionContext() as Knex.Transaction, agencyId, details, { em: tx, ...audit })),
  );
}
