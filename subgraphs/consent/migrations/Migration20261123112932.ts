import { Migration } from '@mikro-orm/migrations';

export class Migration20261123112932 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create schema if not exists "consent";`);
    this.addSql(`create table "consent"."agency" ("id" varchar(80) not null, "name" varchar(255) not null, "kind" text check ("kind" in ('POLICE', 'HOUSING', 'WARDEN', 'COUNCIL', 'HEALTH', 'OTHER')) not null, "area" varchar(255) not null, "is_authority" boolean not null default false, "created_at" timestamptz not null, constraint "agency_pkey" primary key ("id"));`);

    this.addSql(`create table "consent"."person" ("id" uuid not null, "given_name" varchar(255) not null, "family_name" varchar(255) not null, "date_of_birth" date null, "address" varchar(255) null, "postcode" varchar(255) null, "phone" varchar(255) null, "email" varchar(255) null, "vulnerabilities" text[] not null default '{}', "registered_by_agency_id" varchar(255) not null, "controller_agency_ids" text[] not null default '{}', "match_key" varchar(255) null, "created_at" timestamptz not null, constraint "person_pkey" primary key ("id"));`);
    this.addSql(`create index "person_match_key_index" on "consent"."person" ("match_key");`);
    this.addSql(`create index "person_controller_agency_ids_index" on "consent"."person" using gin ("controller_agency_ids");`);

    this.addSql(`create table "consent"."consent" ("id" uuid not null, "person_id" uuid not null, "purposes" text[] not null, "recipient_agency_ids" text[] not null, "categories" text[] not null, "lawful_basis" text check ("lawful_basis" in ('CONSENT', 'PUBLIC_TASK', 'LEGAL_OBLIGATION', 'VITAL_INTERESTS')) not null default 'CONSENT', "capture_method" text check ("capture_method" in ('ONLINE', 'PHONE', 'WRITING', 'IN_PERSON')) not null, "captured_by" varchar(255) not null, "captured_by_agency_id" varchar(255) not null, "notice_version" varchar(255) not null, "granted_at" timestamptz not null, "expires_at" timestamptz null, "withdrawn_at" timestamptz null, "withdrawal_reason" varchar(255) null, "supersedes_id" uuid null, "superseded_by_id" uuid null, constraint "consent_pkey" primary key ("id"));`);
    this.addSql(`create index "consent_person_id_index" on "consent"."consent" ("person_id");`);

    this.addSql(`alter table "consent"."consent" add constraint "consent_person_id_foreign" foreign key ("person_id") references "consent"."person" ("id") on update cascade;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "consent"."consent" drop constraint "consent_person_id_foreign";`);

    this.addSql(`drop table if exists "consent"."agency" cascade;`);

    this.addSql(`drop table if exists "consent"."person" cascade;`);

    this.addSql(`drop table if exists "consent"."consent" cascade;`);

    this.addSql(`drop schema if exists "consent";`);
  }

}
