import { randomUUID } from 'node:crypto';
import { Entity, Enum, Index, OptionalProps, PrimaryKey, Property } from '@mikro-orm/core';
import { ApplicationChannel } from '../../shared/enums';

/**
 * An anonymous application: refused as a Community Trigger, its details kept as intelligence for
 * the partner agencies (docs/design.md, "apply"). Not exposed through GraphQL in this issue.
 */
@Entity({ tableName: 'intelligence_record' })
export class IntelligenceRecord {
  [OptionalProps]?: 'id' | 'receivedAt';

  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Index()
  @Property({ type: 'string' })
  authorityAgencyId!: string;

  @Enum({ items: () => ApplicationChannel, type: 'string' })
  channel!: ApplicationChannel;

  @Property({ type: 'text', nullable: true })
  details?: string | null;

  @Property({ type: 'Date' })
  receivedAt: Date = new Date();

  @Property({ type: 'string' })
  recordedBy!: string;
}

/** The last reference number issued per authority and year (references are never reused). */
@Entity({ tableName: 'reference_counter' })
export class ReferenceCounter {
  @PrimaryKey({ type: 'string' })
  authorityAgencyId!: string;

  @PrimaryKey({ type: 'integer' })
  year!: number;

  @Property({ type: 'integer' })
  last!: number;
}
