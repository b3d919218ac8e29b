import { Migration } from '@mikro-orm/migrations';

/**
 * Same-incident linking bounds every candidate search by time: (person | property | area, occurred_at)
 * indexes replace the single-column ones, so linking reads a window, not a whole history.
 */
export class Migration20261123134906 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`drop index "incidents"."incident_lsoa_code_index";`);
    this.addSql(`drop index "incidents"."incident_reporter_person_id_index";`);
    this.addSql(`drop index "incidents"."incident_uprn_index";`);

    this.addSql(`create index "incident_lsoa_code_occurred_at_index" on "incidents"."incident" ("lsoa_code", "occurred_at");`);
    this.addSql(`create index "incident_uprn_occurred_at_index" on "incidents"."incident" ("uprn", "occurred_at");`);
    this.addSql(`create index "incident_reporter_person_id_occurred_at_index" on "incidents"."incident" ("reporter_person_id", "occurred_at");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index "incidents"."incident_lsoa_code_occurred_at_index";`);
    this.addSql(`drop index "incidents"."incident_uprn_occurred_at_index";`);
    this.addSql(`drop index "incidents"."incident_reporter_person_id_occurred_at_index";`);

    this.addSql(`create index "incident_lsoa_code_index" on "incidents"."incident" ("lsoa_code");`);
    this.addSql(`create index "incident_reporter_person_id_index" on "incidents"."incident" ("reporter_person_id");`);
    this.addSql(`create index "incident_uprn_index" on "incidents"."incident" ("uprn");`);
  }

}
