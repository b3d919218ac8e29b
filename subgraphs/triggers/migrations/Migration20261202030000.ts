import { Migration } from '@mikro-orm/migrations';

/**
 * The outbox (letters and messages to send, with their delivery status), the victim's named
 * contact and chosen involvement with the record of each change, and how the applicant asked to be
 * sent letters.
 */
export class Migration20261202030000 extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "triggers"."outbox_message" ("id" uuid not null, "authority_agency_id" varchar(255) not null, "application_id" uuid not null, "reference" varchar(255) not null, "letter_id" uuid not null, "kind" text check ("kind" in ('CT1', 'CT2', 'CT3', 'CT4', 'CT5', 'REVIEW_ACTIVATED')) not null, "subject" varchar(255) not null, "channel" text check ("channel" in ('EMAIL', 'POST')) null, "recipient_person_id" uuid null, "recipient" text null, "postcode" varchar(255) null, "status" text check ("status" in ('QUEUED', 'SENDING', 'DELIVERED', 'FAILED')) not null default 'QUEUED', "attempts" int not null default 0, "last_error" text null, "provider_id" varchar(255) null, "adapter" varchar(255) null, "created_at" timestamptz not null, "next_attempt_at" timestamptz null, "last_attempt_at" timestamptz null, "locked_until" timestamptz null, "delivered_at" timestamptz null, "failed_at" timestamptz null, constraint "outbox_message_pkey" primary key ("id"));`,
    );
    this.addSql(`create index "outbox_message_authority_agency_id_index" on "triggers"."outbox_message" ("authority_agency_id");`);
    this.addSql(`create index "outbox_message_application_id_index" on "triggers"."outbox_message" ("application_id");`);
    this.addSql(`create index "outbox_message_letter_id_index" on "triggers"."outbox_message" ("letter_id");`);
    this.addSql(`create index "outbox_message_due" on "triggers"."outbox_message" ("status", "next_attempt_at");`);

    this.addSql(
      `alter table "triggers"."trigger_application" add column "victim_contact" jsonb null, add column "victim_involvement" text check ("victim_involvement" in ('ATTEND_IN_PERSON', 'ATTEND_VIRTUALLY', 'WRITTEN_SUBMISSION', 'KEPT_INFORMED')) null, add column "victim_events" jsonb not null default '[]', add column "contact_preference" text check ("contact_preference" in ('EMAIL', 'POST')) null;`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "triggers"."outbox_message" cascade;`);

    this.addSql(
      `alter table "triggers"."trigger_application" drop column "victim_contact", drop column "victim_involvement", drop column "victim_events", drop column "contact_preference";`,
    );
  }
}
