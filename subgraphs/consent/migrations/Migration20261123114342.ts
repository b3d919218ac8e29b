import { Migration } from '@mikro-orm/migrations';

export class Migration20261123114342 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "consent"."access_event" ("seq" bigserial primary key, "occurred_at" timestamptz not null, "request_id" varchar(255) null, "actor_sub" varchar(255) not null, "actor_agency_id" varchar(255) not null, "actor_roles" text[] not null, "purpose" varchar(255) not null, "review_id" uuid null, "person_id" uuid null, "category" varchar(255) null, "decision" text check ("decision" in ('ALLOW', 'DENY')) not null, "basis" varchar(255) not null, "grant_id" uuid null, "consent_id" uuid null, "operation" varchar(255) not null, "subgraph" varchar(255) not null, "prev_hash" varchar(64) not null, "hash" varchar(64) not null);`);
    this.addSql(`create index "access_event_actor_sub_index" on "consent"."access_event" ("actor_sub");`);
    this.addSql(`create index "access_event_review_id_index" on "consent"."access_event" ("review_id");`);
    this.addSql(`create index "access_event_actor_agency_id_seq_index" on "consent"."access_event" ("actor_agency_id", "seq");`);
    this.addSql(`create index "access_event_person_id_seq_index" on "consent"."access_event" ("person_id", "seq");`);

    this.addSql(`create table "consent"."access_grant" ("id" uuid not null, "agency_id" varchar(255) not null, "person_id" uuid not null, "category" text check ("category" in ('IDENTITY', 'CONTACT', 'SPECIAL_CATEGORY', 'INCIDENT_DETAIL')) not null, "purpose" text check ("purpose" in ('CASE_REVIEW', 'CASE_MANAGEMENT')) not null, "basis" text check ("basis" in ('CONSENT', 'PUBLIC_TASK', 'LEGAL_OBLIGATION', 'VITAL_INTERESTS')) not null, "consent_id" uuid null, "review_id" uuid null, "reason" text null, "agreement_ref" varchar(255) null, "issued_by" varchar(255) not null, "valid_from" timestamptz not null, "valid_until" timestamptz null, "revoked_at" timestamptz null, "revoked_reason" varchar(255) null, "created_at" timestamptz not null, constraint "access_grant_pkey" primary key ("id"));`);
    this.addSql(`create index "access_grant_consent_id_index" on "consent"."access_grant" ("consent_id");`);
    this.addSql(`create index "access_grant_review_id_index" on "consent"."access_grant" ("review_id");`);
    this.addSql(`create index "access_grant_person_id_agency_id_category_index" on "consent"."access_grant" ("person_id", "agency_id", "category");`);

    // The access log is append-only: the database itself refuses UPDATE, DELETE and TRUNCATE.
    this.addSql(`create or replace function "consent"."access_event_append_only"() returns trigger language plpgsql as $$
      begin
        raise exception 'consent.access_event is append-only: % refused', tg_op using errcode = 'insufficient_privilege';
      end
    $$;`);
    this.addSql(`create trigger "access_event_no_update_or_delete" before update or delete on "consent"."access_event" for each row execute function "consent"."access_event_append_only"();`);
    this.addSql(`create trigger "access_event_no_truncate" before truncate on "consent"."access_event" for each statement execute function "consent"."access_event_append_only"();`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "consent"."access_event" cascade;`);
    this.addSql(`drop function if exists "consent"."access_event_append_only"();`);

    this.addSql(`drop table if exists "consent"."access_grant" cascade;`);
  }

}
