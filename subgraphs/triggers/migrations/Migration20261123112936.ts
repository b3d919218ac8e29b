import { Migration } from '@mikro-orm/migrations';

export class Migration20261123112936 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create schema if not exists "triggers";`);
    this.addSql(`create table "triggers"."trigger_application" ("id" uuid not null, "reference" varchar(255) not null, "authority_agency_id" varchar(255) not null, "applicant_person_id" uuid not null, "victim_person_id" uuid null, "channel" text check ("channel" in ('ONLINE', 'PHONE', 'WRITING')) not null, "applicant_type" text check ("applicant_type" in ('VICTIM', 'REPRESENTATIVE', 'AGENCY')) not null, "status" text check ("status" in ('RECEIVED', 'ACKNOWLEDGED', 'NOT_PURSUED', 'DECIDED', 'IN_REVIEW', 'OUTCOME_SENT', 'ACTION_PLAN', 'FINAL_REVIEW', 'CLOSED', 'APPEALED')) not null default 'RECEIVED', "received_at" timestamptz not null, "acknowledged_at" timestamptz null, "decision" text check ("decision" in ('THRESHOLD_MET', 'THRESHOLD_NOT_MET', 'MET_ALL_ACTION_TAKEN')) null, "decided_at" timestamptz null, "recorded_by_agency_id" varchar(255) not null, "created_at" timestamptz not null, constraint "trigger_application_pkey" primary key ("id"));`);
    this.addSql(`create index "trigger_application_authority_agency_id_index" on "triggers"."trigger_application" ("authority_agency_id");`);
    this.addSql(`create index "trigger_application_applicant_person_id_index" on "triggers"."trigger_application" ("applicant_person_id");`);
    this.addSql(`alter table "triggers"."trigger_application" add constraint "trigger_application_authority_agency_id_reference_unique" unique ("authority_agency_id", "reference");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "triggers"."trigger_application" cascade;`);

    this.addSql(`drop schema if exists "triggers";`);
  }

}
