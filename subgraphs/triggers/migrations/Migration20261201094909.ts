import { Migration } from '@mikro-orm/migrations';

/**
 * Letters kept as sent in PDF with the address block printed, the "review activated" letter, each
 * threshold policy version's correspondence (appeal route, contacts, how to report future incidents),
 * and the day the review panel met (the outcome is due from it).
 */
export class Migration20261201094909 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table "triggers"."letter" drop constraint if exists "letter_kind_check";`);

    this.addSql(`alter table "triggers"."letter" add column "pdf" text null, add column "addressee" text null;`);
    this.addSql(`alter table "triggers"."letter" add constraint "letter_kind_check" check("kind" in ('CT1', 'CT2', 'CT3', 'CT4', 'CT5', 'REVIEW_ACTIVATED'));`);

    this.addSql(`alter table "triggers"."threshold_policy" add column "correspondence" jsonb null;`);

    this.addSql(`alter table "triggers"."trigger_application" add column "meeting_held_on" date null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "triggers"."letter" drop constraint if exists "letter_kind_check";`);

    this.addSql(`alter table "triggers"."letter" drop column "pdf", drop column "addressee";`);

    this.addSql(`alter table "triggers"."letter" add constraint "letter_kind_check" check("kind" in ('CT1', 'CT2', 'CT3', 'CT4', 'CT5'));`);

    this.addSql(`alter table "triggers"."threshold_policy" drop column "correspondence";`);

    this.addSql(`alter table "triggers"."trigger_application" drop column "meeting_held_on";`);
  }

}
