import { Migration } from '@mikro-orm/migrations';

/** The PCC review of a "threshold not met" decision (Crime and Policing Bill 2025): request and result. */
export class Migration20261202040300 extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "triggers"."pcc_review" ("id" uuid not null, "application_id" uuid not null, "authority_agency_id" varchar(255) not null, "subject_person_id" uuid null, "reviewer" varchar(255) not null, "reason" text not null, "requested_at" timestamptz not null, "requested_by" varchar(255) not null, "result" text check ("result" in ('DECISION_UPHELD', 'REVIEW_RECOMMENDED')) null, "result_note" text null, "result_at" timestamptz null, "result_by" varchar(255) null, constraint "pcc_review_pkey" primary key ("id"));`,
    );
    this.addSql(`alter table "triggers"."pcc_review" add constraint "pcc_review_application_id_unique" unique ("application_id");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "triggers"."pcc_review" cascade;`);
  }
}
