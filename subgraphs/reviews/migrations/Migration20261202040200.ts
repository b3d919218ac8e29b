import { Migration } from '@mikro-orm/migrations';

/** The victim’s part in a review (2025 guidance): each meeting invitation, the consultation on the action plan or why not. */
export class Migration20261202040200 extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "reviews"."victim_meeting_invitation" ("id" uuid not null, "review_id" uuid not null, "subject_person_id" uuid null, "authority_agency_id" varchar(255) not null, "meeting_at" timestamptz null, "mode" text check ("mode" in ('IN_PERSON', 'VIRTUAL')) not null, "final_review" boolean not null default false, "invited_at" timestamptz not null, "invited_by" varchar(255) not null, constraint "victim_meeting_invitation_pkey" primary key ("id"));`,
    );
    this.addSql(`create index "victim_meeting_invitation_review_id_index" on "reviews"."victim_meeting_invitation" ("review_id");`);

    this.addSql(
      `alter table "reviews"."case_review" add column "victim_consulted_on_action_plan_at" timestamptz null, add column "victim_not_consulted_reason" text null;`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "reviews"."victim_meeting_invitation" cascade;`);

    this.addSql(`alter table "reviews"."case_review" drop column "victim_consulted_on_action_plan_at", drop column "victim_not_consulted_reason";`);
  }
}
