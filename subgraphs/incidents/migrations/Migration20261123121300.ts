import { Migration } from '@mikro-orm/migrations';

/**
 * Same-incident linking probes the GIN index on person_ids on every submission. With the default
 * fast update, new entries wait in a pending list that each search scans in full (tens of ms after
 * a few thousand inserts); written straight into the index they are found in well under a millisecond.
 */
export class Migration20261123121300 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter index "incidents"."incident_person_ids_index" set (fastupdate = off);`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter index "incidents"."incident_person_ids_index" reset (fastupdate);`);
  }

}
