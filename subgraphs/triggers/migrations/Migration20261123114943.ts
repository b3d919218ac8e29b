import { Migration } from '@mikro-orm/migrations';

export class Migration20261123114943 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "triggers"."intelligence_record" ("id" uuid not null, "authority_agency_id" varchar(255) not null, "channel" text check ("channel" in ('ONLINE', 'PHONE', 'WRITING')) not null, "details" text null, "received_at" timestamptz not null, "recorded_by" varchar(255) not null, constraint "intelligence_record_pkey" primary key ("id"));`);
    this.addSql(`create index "intelligence_record_authority_agency_id_index" on "triggers"."intelligence_record" ("authority_agency_id");`);

    this.addSql(`create table "triggers"."letter" ("id" uuid not null, "application_id" uuid not null, "kind" text check ("kind" in ('CT1', 'CT2', 'CT3', 'CT4', 'CT5')) not null, "subject" varchar(255) not null, "html" text not null, "text" text not null, "recipient_person_id" uuid null, "authority_agency_id" varchar(255) not null, "sent_at" timestamptz not null, "sent_by" varchar(255) not null, constraint "letter_pkey" primary key ("id"));`);
    this.addSql(`create index "letter_application_id_index" on "triggers"."letter" ("application_id");`);

    this.addSql(`create table "triggers"."reference_counter" ("authority_agency_id" varchar(255) not null, "year" int not null, "last" int not null, constraint "reference_counter_pkey" primary key ("authority_agency_id", "year"));`);

    this.addSql(`create table "triggers"."threshold_evaluation" ("id" uuid not null, "application_id" uuid not null, "policy_id" uuid not null, "policy_version" int not null, "policy_name" varchar(255) not null, "parameters" jsonb not null, "met" boolean not null, "counted" int not null, "reporters" int null, "met_by" text check ("met_by" in ('PERSON', 'MULTIPLE_REPORTERS')) null, "window_start" timestamptz not null, "window_end" timestamptz not null, "items" jsonb not null, "evaluated_at" timestamptz not null, "evaluated_by" varchar(255) not null, constraint "threshold_evaluation_pkey" primary key ("id"));`);
    this.addSql(`create index "threshold_evaluation_application_id_index" on "triggers"."threshold_evaluation" ("application_id");`);

    this.addSql(`create table "triggers"."threshold_policy" ("id" uuid not null, "authority_agency_id" varchar(255) null, "version" int not null, "name" varchar(255) not null, "effective_from" timestamptz not null, "parameters" jsonb not null, "created_by" varchar(255) not null, "created_at" timestamptz not null, constraint "threshold_policy_pkey" primary key ("id"));`);
    this.addSql(`create index "threshold_policy_authority_agency_id_index" on "triggers"."threshold_policy" ("authority_agency_id");`);
    this.addSql(`alter table "triggers"."threshold_policy" add constraint "threshold_policy_authority_agency_id_version_unique" unique ("authority_agency_id", "version");`);

    this.addSql(`alter table "triggers"."trigger_application" add column "applicant_agency_id" varchar(255) null, add column "summary" text null, add column "consent_to_share" boolean not null default false, add column "consent_id" uuid null, add column "not_pursued_reason" text check ("not_pursued_reason" in ('NO_CONSENT', 'CONSENT_WITHDRAWN', 'WITHDRAWN_BY_APPLICANT', 'OTHER')) null, add column "meeting_on" date null, add column "decision_reason" text null, add column "discretion_grounds" text[] not null default '{}', add column "second_stage" boolean not null default false, add column "review_started_at" timestamptz null, add column "outcome_sent_at" timestamptz null, add column "agreed_actions" text[] not null default '{}', add column "lead_officer" varchar(255) null, add column "action_plan_at" timestamptz null, add column "final_review_at" timestamptz null, add column "closed_at" timestamptz null, add column "appealed_at" timestamptz null, add column "appeal_reason" text null, add column "repeat_count" int not null default 0, add column "last_repeat_at" timestamptz null;`);
    this.addSql(`alter table "triggers"."trigger_application" alter column "applicant_person_id" drop default;`);
    this.addSql(`alter table "triggers"."trigger_application" alter column "applicant_person_id" type uuid using ("applicant_person_id"::text::uuid);`);
    this.addSql(`alter table "triggers"."trigger_application" alter column "applicant_person_id" drop not null;`);
    this.addSql(`create index "trigger_application_victim_person_id_index" on "triggers"."trigger_application" ("victim_person_id");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "triggers"."intelligence_record" cascade;`);

    this.addSql(`drop table if exists "triggers"."letter" cascade;`);

    this.addSql(`drop table if exists "triggers"."reference_counter" cascade;`);

    this.addSql(`drop table if exists "triggers"."threshold_evaluation" cascade;`);

    this.addSql(`drop table if exists "triggers"."threshold_policy" cascade;`);

    this.addSql(`drop index "triggers"."trigger_application_victim_person_id_index";`);
    this.addSql(`alter table "triggers"."trigger_application" drop column "applicant_agency_id", drop column "summary", drop column "consent_to_share", drop column "consent_id", drop column "not_pursued_reason", drop column "meeting_on", drop column "decision_reason", drop column "discretion_grounds", drop column "second_stage", drop column "review_started_at", drop column "outcome_sent_at", drop column "agreed_actions", drop column "lead_officer", drop column "action_plan_at", drop column "final_review_at", drop column "closed_at", drop column "appealed_at", drop column "appeal_reason", drop column "repeat_count", drop column "last_repeat_at";`);

    this.addSql(`alter table "triggers"."trigger_application" alter column "applicant_person_id" drop default;`);
    this.addSql(`alter table "triggers"."trigger_application" alter column "applicant_person_id" type uuid using ("applicant_person_id"::text::uuid);`);
    this.addSql(`alter table "triggers"."trigger_application" alter column "applicant_person_id" set not null;`);
  }

}
