import { Migration } from '@mikro-orm/migrations';

export class Migration20261123115442 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create unique index "trigger_application_one_open_per_subject" on "triggers"."trigger_application" ("authority_agency_id", coalesce("victim_person_id", "applicant_person_id")) where "status" not in ('CLOSED', 'NOT_PURSUED');`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index if exists "triggers"."trigger_application_one_open_per_subject";`);
  }

}
