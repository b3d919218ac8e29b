import { Migration } from '@mikro-orm/migrations';

/**
 * The cell key method (shared/disclosure.ts): every application gets a fixed random record key
 * (0–255), set by the database when it is recorded (existing ones get theirs now), so each trigger
 * statistic's cell key is the sum of its applications' keys.
 */
export class Migration20261124090000 extends Migration {

  override async up(): Promise<void> {
    // A volatile default is evaluated per existing row, each application its own key: a byte of a random
    // (version 4) UUID, which PostgreSQL draws from its strong random source, so keys cannot be guessed.
    this.addSql(`alter table "triggers"."trigger_application" add column "record_key" smallint not null default get_byte(uuid_send(gen_random_uuid()), 15)::smallint
      constraint "trigger_application_record_key_check" check ("record_key" between 0 and 255);`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "triggers"."trigger_application" drop column "record_key";`);
  }

}
