import { Migration } from '@mikro-orm/migrations';

/**
 * An application notes when the consent it rests on was withdrawn (looked up by consent id), and may be
 * not pursued for want of a consent record.
 */
export class Migration20261201085253 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table "triggers"."trigger_application" drop constraint if exists "trigger_application_not_pursued_reason_check";`);

    this.addSql(`alter table "triggers"."trigger_application" add column "consent_withdrawn_at" timestamptz null;`);
    this.addSql(`alter table "triggers"."trigger_application" add constraint "trigger_application_not_pursued_reason_check" check("not_pursued_reason" in ('NO_CONSENT', 'NO_CONSENT_RECORD', 'CONSENT_WITHDRAWN', 'WITHDRAWN_BY_APPLICANT', 'OTHER'));`);
    this.addSql(`create index "trigger_application_consent_id_index" on "triggers"."trigger_application" ("consent_id");`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "triggers"."trigger_application" drop constraint if exists "trigger_application_not_pursued_reason_check";`);

    this.addSql(`drop index "triggers"."trigger_application_consent_id_index";`);
    this.addSql(`alter table "triggers"."trigger_application" drop column "consent_withdrawn_at";`);

    this.addSql(`alter table "triggers"."trigger_application" add constraint "trigger_application_not_pursued_reason_check" check("not_pursued_reason" in ('NO_CONSENT', 'CONSENT_WITHDRAWN', 'WITHDRAWN_BY_APPLICANT', 'OTHER'));`);
  }

}
