import { Migration } from '@mikro-orm/migrations';

export class Migration20261123115334 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table "triggers"."letter" add column "subject_person_id" uuid null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "triggers"."letter" drop column "subject_person_id";`);
  }

}
