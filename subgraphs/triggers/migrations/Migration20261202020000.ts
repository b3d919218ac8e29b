import { Migration } from '@mikro-orm/migrations';

/**
 * The recommendations a review made (a review with a recommendation but no action item counts in
 * "reviews that resulted in recommendations"), and applications referred by another agency to the
 * authority, kept on both sides.
 */
export class Migration20261202020000 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "triggers"."trigger_application" add column "recommendations_made" int not null default 0;`);
    // Reviews whose outcome was sent before this were counted by their agreed actions only.
    this.addSql(
      `create table "triggers"."trigger_referral" ("id" uuid not null, "referring_agency_id" varchar(255) not null, "authority_agency_id" varchar(255) not null, "application_id" uuid not null, "subject_person_id" uuid null, "received_via" text check ("received_via" in ('ONLINE', 'PHONE', 'WRITING')) not null, "received_at" timestamptz not null, "referred_at" timestamptz not null, "referred_by" varchar(255) not null, "note" text null, "repeat" boolean not null default false, constraint "trigger_referral_pkey" primary key ("id"));`,
    );
    this.addSql(`create index "trigger_referral_referring_agency_id_index" on "triggers"."trigger_referral" ("referring_agency_id");`);
    this.addSql(`create index "trigger_referral_authority_agency_id_index" on "triggers"."trigger_referral" ("authority_agency_id");`);
    this.addSql(`create index "trigger_referral_application_id_index" on "triggers"."trigger_referral" ("application_id");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "triggers"."trigger_referral" cascade;`);
    this.addSql(`alter table "triggers"."trigger_application" drop column "recommendations_made";`);
  }
}
