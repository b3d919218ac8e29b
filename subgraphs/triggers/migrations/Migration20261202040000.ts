import { Migration } from '@mikro-orm/migrations';

/** The ASB Case Review explanation at a victim's second report within six months (2025 guidance). */
export class Migration20261202040000 extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "triggers"."case_review_explanation" ("id" uuid not null, "reference" varchar(255) not null, "authority_agency_id" varchar(255) not null, "person_id" uuid not null, "first_report_at" timestamptz not null, "second_report_at" timestamptz not null, "covers_until" timestamptz not null, "first_cluster_id" uuid not null, "second_cluster_id" uuid not null, "incident_ids" text[] not null, "raised_at" timestamptz not null, "sent_at" timestamptz null, "channel" text check ("channel" in ('LETTER', 'EMAIL', 'PHONE')) null, "sent_by" varchar(255) null, "letter_subject" varchar(255) null, "letter_html" text null, "letter_text" text null, "letter_pdf" text null, "note" text null, constraint "case_review_explanation_pkey" primary key ("id"));`,
    );
    this.addSql(`create index "case_review_explanation_person_id_index" on "triggers"."case_review_explanation" ("person_id");`);
    this.addSql(
      `create index "case_review_explanation_authority_agency_id_sent_at_index" on "triggers"."case_review_explanation" ("authority_agency_id", "sent_at");`,
    );
    this.addSql(
      `alter table "triggers"."case_review_explanation" add constraint "case_review_explanation_authority_agency_id_perso_d9862_unique" unique ("authority_agency_id", "person_id", "second_cluster_id");`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "triggers"."case_review_explanation" cascade;`);
  }
}
