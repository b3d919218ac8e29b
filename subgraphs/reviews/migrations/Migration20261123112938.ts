import { Migration } from '@mikro-orm/migrations';

export class Migration20261123112938 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create schema if not exists "reviews";`);
    this.addSql(`create table "reviews"."case_review" ("id" uuid not null, "application_id" uuid not null, "panel_agency_ids" text[] not null, "chair_agency_id" varchar(255) not null, "status" text check ("status" in ('OPEN', 'OUTCOME_SENT', 'ACTION_PLAN', 'FINAL_REVIEW', 'CLOSED')) not null default 'OPEN', "second_stage" boolean not null default false, "meeting_at" timestamptz null, "opened_at" timestamptz not null, "closed_at" timestamptz null, "opened_by_agency_id" varchar(255) not null, constraint "case_review_pkey" primary key ("id"));`);
    this.addSql(`create index "case_review_application_id_index" on "reviews"."case_review" ("application_id");`);
    this.addSql(`create index "case_review_panel_agency_ids_index" on "reviews"."case_review" using gin ("panel_agency_ids");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "reviews"."case_review" cascade;`);

    this.addSql(`drop schema if exists "reviews";`);
  }

}
