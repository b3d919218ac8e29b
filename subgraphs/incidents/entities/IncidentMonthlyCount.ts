import { Entity, Index, PrimaryKey, Property } from '@mikro-orm/core';

/**
 * Read model: incidents per London month, LSOA ('' when unknown), source, category and reporting
 * agency. Written only by the incidents table's triggers (migrations/Migration20261123130000.ts);
 * read by rules/statistics.ts. Declared here so that the schema diff knows the table.
 */
@Entity({ tableName: 'incident_monthly_count', readonly: true })
@Index({ name: 'incident_monthly_count_agency_month_index', properties: ['agencyId', 'month'] })
export class IncidentMonthlyCount {
  @PrimaryKey({ type: 'date' })
  month!: string;

  @PrimaryKey({ type: 'string' })
  lsoaCode!: string;

  @PrimaryKey({ type: 'text' })
  source!: string;

  @PrimaryKey({ type: 'text' })
  category!: string;

  @PrimaryKey({ type: 'string' })
  agencyId!: string;

  @Property({ type: 'integer' })
  count!: number;

  /** The sum of the cell's incidents' record keys (Migration20261124090000.ts). */
  @Property({ type: 'bigint', default: 0 })
  keySum!: string;
}

/** Read model: the monthly counts without the area (Migration20261123130000.ts). */
@Entity({ tableName: 'incident_monthly_total', readonly: true })
export class IncidentMonthlyTotal {
  @PrimaryKey({ type: 'date' })
  month!: string;

  @PrimaryKey({ type: 'text' })
  source!: string;

  @PrimaryKey({ type: 'text' })
  category!: string;

  @PrimaryKey({ type: 'string' })
  agencyId!: string;

  @Property({ type: 'integer' })
  count!: number;

  /** The sum of the cell's incidents' record keys (Migration20261124090000.ts). */
  @Property({ type: 'bigint', default: 0 })
  keySum!: string;
}
