import { Migration } from '@mikro-orm/migrations';

/** Access grants issued for an accepted Community Trigger application name it, as review grants name the review. */
export class Migration20261201085251 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table "consent"."access_grant" add column "application_id" uuid null;`);
    this.addSql(`create index "access_grant_application_id_index" on "consent"."access_grant" ("application_id");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index "consent"."access_grant_application_id_index";`);
    this.addSql(`alter table "consent"."access_grant" drop column "application_id";`);
  }

}
