import { Entity, Index, PrimaryKey, Property } from '@mikro-orm/core';

/**
 * An agency's own reference for a person (e.g. a police nominal id, a housing tenant number),
 * linked to the pseudonymous Person id once resolved, so that later reports carrying only the
 * reference find the same person. Reports without a reference and without all four matching
 * details get a reference derived from the report (`report:<sourceRef>:<slot>`), so that
 * resubmitting the report resolves to the same person instead of making a new one.
 * Not exposed through GraphQL.
 */
@Entity({ tableName: 'agency_person_ref' })
export class AgencyPersonRef {
  @PrimaryKey({ type: 'string' })
  agencyId!: string;

  @PrimaryKey({ type: 'string' })
  personRef!: string;

  @Index()
  @Property({ type: 'uuid' })
  personId!: string;
}
