import { Migration } from '@mikro-orm/migrations';

/** Victim risk assessments and the per-authority, versioned risk assessment policies. */
export class Migration20261202040100 extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "triggers"."risk_assessment" ("id" uuid not null, "application_id" uuid not null, "authority_agency_id" varchar(255) not null, "subject_person_id" uuid null, "policy_id" uuid not null, "policy_version" int not null, "stage" text check ("stage" in ('INITIAL', 'REASSESSMENT', 'FINAL_REVIEW')) not null, "answers" jsonb not null, "questions" jsonb not null, "score" int not null, "band" text check ("band" in ('STANDARD', 'MEDIUM', 'HIGH')) not null, "note" text null, "assessed_at" timestamptz not null, "assessed_by" varchar(255) not null, constraint "risk_assessment_pkey" primary key ("id"));`,
    );
    this.addSql(`create index "risk_assessment_application_id_index" on "triggers"."risk_assessment" ("application_id");`);

    this.addSql(
      `create table "triggers"."risk_assessment_policy" ("id" uuid not null, "authority_agency_id" varchar(255) null, "version" int not null, "name" varchar(255) not null, "effective_from" timestamptz not null, "questions" jsonb not null, "bands" jsonb not null, "created_by" varchar(255) not null, "created_at" timestamptz not null, constraint "risk_assessment_policy_pkey" primary key ("id"));`,
    );
    this.addSql(
      `alter table "triggers"."risk_assessment_policy" add constraint "risk_assessment_policy_authority_agency_id_version_unique" unique ("authority_agency_id", "version");`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "triggers"."risk_assessment" cascade;`);

    this.addSql(`drop table if exists "triggers"."risk_assessment_policy" cascade;`);
  }
}
