import { Migration } from '@mikro-orm/migrations';

export class Migration20261123115220 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table "incidents"."incident" add column "anonymised_at" timestamptz null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "incidents"."incident" drop column "anonymised_at";`);
  }

}
