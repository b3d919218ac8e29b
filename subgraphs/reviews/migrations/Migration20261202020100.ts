import { Migration } from '@mikro-orm/migrations';

/**
 * The panel as people (members, a chair acting for no agency allowed), information responses marked
 * as including vexatious reports or work in progress (Kent), and Derbyshire's templates as review
 * records: the meeting agenda, the action plan, the perpetrator proportionality assessment.
 */
export class Migration20261202020100 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "reviews"."case_review" add column "members" jsonb not null default '[]', alter column "chair_agency_id" drop not null;`);
    this.addSql(
      `alter table "reviews"."information_request" add column "includes_vexatious_reports" boolean not null default false, add column "includes_work_in_progress" boolean not null default false;`,
    );

    this.addSql(
      `create table "reviews"."review_agenda" ("id" uuid not null, "review_id" uuid not null, "subject_person_id" uuid null, "authority_agency_id" varchar(255) not null, "meeting_at" timestamptz not null, "venue" text null, "final_review" boolean not null default false, "items" jsonb not null, "recorded_at" timestamptz not null, "recorded_by" varchar(255) not null, constraint "review_agenda_pkey" primary key ("id"));`,
    );
    this.addSql(`create index "review_agenda_review_id_index" on "reviews"."review_agenda" ("review_id");`);

    this.addSql(
      `create table "reviews"."review_action_plan" ("id" uuid not null, "review_id" uuid not null, "subject_person_id" uuid null, "authority_agency_id" varchar(255) not null, "issues" text not null, "desired_outcome" text null, "lead_officer" varchar(255) null, "review_on" date null, "version" int not null default 1, "recorded_at" timestamptz not null, "updated_at" timestamptz not null, constraint "review_action_plan_pkey" primary key ("id"));`,
    );
    this.addSql(`create index "review_action_plan_review_id_index" on "reviews"."review_action_plan" ("review_id");`);
    this.addSql(`alter table "reviews"."review_action_plan" add constraint "review_action_plan_review_id_unique" unique ("review_id");`);

    this.addSql(
      `create table "reviews"."perpetrator_proportionality_assessment" ("id" uuid not null, "review_id" uuid not null, "authority_agency_id" varchar(255) not null, "perpetrator_person_id" uuid null, "action_item_id" uuid null, "proposed_action" text not null, "circumstances" text null, "necessary" boolean not null, "less_intrusive_options" text null, "impact_on_others" text null, "equality_considerations" text null, "conclusion" text check ("conclusion" in ('PROPORTIONATE', 'PROPORTIONATE_WITH_CHANGES', 'NOT_PROPORTIONATE')) not null, "changes" text null, "reasons" text not null, "assessed_by_agency_id" varchar(255) not null, "assessed_by" varchar(255) not null, "assessed_at" timestamptz not null, constraint "perpetrator_proportionality_assessment_pkey" primary key ("id"));`,
    );
    this.addSql(`create index "perpetrator_proportionality_assessment_review_id_index" on "reviews"."perpetrator_proportionality_assessment" ("review_id");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "reviews"."perpetrator_proportionality_assessment" cascade;`);
    this.addSql(`drop table if exists "reviews"."review_action_plan" cascade;`);
    this.addSql(`drop table if exists "reviews"."review_agenda" cascade;`);
    this.addSql(`alter table "reviews"."information_request" drop column "includes_vexatious_reports", drop column "includes_work_in_progress";`);
    this.addSql(`update "reviews"."case_review" set "chair_agency_id" = "panel_agency_ids"[1] where "chair_agency_id" is null;`);
    this.addSql(`alter table "reviews"."case_review" drop column "members", alter column "chair_agency_id" set not null;`);
  }
}
