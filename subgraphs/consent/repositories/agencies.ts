import type { EntityManager } from '@mikro-orm/postgresql';
import { Agency, AgencyKind } from '../entities/Agency';

/** The kind of an agency; null when the hub does not know it. */
export async function agencyKindOf(em: EntityManager, id: string): Promise<AgencyKind | null> {
  const agency = await em.findOne(Agency, { id });
  return agency?.kind ?? null;
}

/**
 * Registers a contributing agency when it is new (one statement: two submissions naming it at once
 * do not collide); an existing agency is left as it is. Either way returns its kind.
 */
export async function ensureAgency(em: EntityManager, data: { id: string; name: string; kind: AgencyKind; area: string }): Promise<AgencyKind> {
  await em.getConnection().execute(
    `insert into "consent"."agency" ("id", "name", "kind", "area", "is_authority", "created_at") values (?, ?, ?, ?, false, now()) on conflict ("id") do nothing`,
    [data.id, data.name, data.kind, data.area],
  );
  const agency = await em.findOneOrFail(Agency, { id: data.id });
  return agency.kind;
}
