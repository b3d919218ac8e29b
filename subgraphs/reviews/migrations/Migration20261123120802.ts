import { Migration } from '@mikro-orm/migrations';

export class Migration20261123120802 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "reviews"."action_item" ("id" uuid not null, "review_id" uuid not null, "subject_person_id" uuid null, "authority_agency_id" varchar(255) not null, "owner_agency_id" varchar(255) not null, "description" text not null, "due_on" date not null, "status" text check ("status" in ('OPEN', 'IN_PROGRESS', 'DONE', 'CANCELLED')) not null default 'OPEN', "completion_evidence" text null, "completed_at" timestamptz null, "created_at" timestamptz not null, constraint "action_item_pkey" primary key ("id"));`);
    this.addSql(`create index "action_item_review_id_index" on "reviews"."action_item" ("review_id");`);

    this.addSql(`create table "reviews"."information_request" ("id" uuid not null, "review_id" uuid not null, "subject_person_id" uuid null, "authority_agency_id" varchar(255) not null, "agency_id" varchar(255) not null, "request" text not null, "due_on" date not null, "requested_at" timestamptz not null, "response" text null, "responded_at" timestamptz null, "responded_by" varchar(255) null, constraint "information_request_pkey" primary key ("id"));`);
    this.addSql(`create index "information_request_review_id_index" on "reviews"."information_request" ("review_id");`);

    this.addSql(`create table "reviews"."review_finding" ("id" uuid not null, "review_id" uuid not null, "subject_person_id" uuid null, "authority_agency_id" varchar(255) not null, "kind" text check ("kind" in ('FINDING', 'RECOMMENDATION')) not null, "text" text not null, "agency_id" varchar(255) null, "automatic" boolean not null default false, "information_request_id" uuid null, "recorded_at" timestamptz not null, constraint "review_finding_pkey" primary key ("id"));`);
    this.addSql(`create index "review_finding_review_id_index" on "reviews"."review_finding" ("review_id");`);
    this.addSql(`create index "review_finding_information_request_id_index" on "reviews"."review_finding" ("information_request_id");`);
    this.addSql(`alter table "reviews"."review_finding" add constraint "review_finding_information_request_id_unique" unique ("information_request_id");`);

    this.addSql(`create table "reviews"."review_meeting" ("id" uuid not null, "review_id" uuid not null, "subject_person_id" uuid null, "authority_agency_id" varchar(255) not null, "held_at" timestamptz not null, "attending_agency_ids" text[] not null, "victim_attended" boolean null, "final_review" boolean not null default false, "recorded_at" timestamptz not null, constraint "review_meeting_pkey" primary key ("id"));`);
    this.addSql(`create index "review_meeting_review_id_index" on "reviews"."review_meeting" ("review_id");`);

    this.addSql(`alter table "reviews"."case_review" add column "subject_person_id" uuid null, add column "involved_agency_ids" text[] not null default '{}', add column "independent_agency_ids" text[] not null default '{}', add column "independence_note" text null, add column "first_stage_review_id" uuid null, add column "victim_invited_at" timestamptz null, add column "outcome_due_on" date null, add column "outcome_sent_at" timestamptz null, add column "final_review_due_on" date null, add column "final_review_at" timestamptz null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "reviews"."action_item" cascade;`);

    this.addSql(`drop table if exists "reviews"."information_request" cascade;`);

    this.addSql(`drop table if exists "reviews"."review_finding" cascade;`);

    this.addSql(`drop table if exists "reviews"."review_meeting" cascade;`);

    this.addSql(`alter table "reviews"."case_review" drop column "subject_person_id", drop column "involved_agency_ids", drop column "independent_agency_ids", drop column "independence_note", drop column "first_stage_review_id", drop column "victim_invited_at", drop column "outcome_due_on", drop column "outcome_sent_at", drop column "final_review_due_on", drop column "final_review_at";`);
  }

}
