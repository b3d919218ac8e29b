import { Migration } from '@mikro-orm/migrations';

export class Migration20261123112934 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create schema if not exists "incidents";`);
    this.addSql(`create table "incidents"."incident" ("id" uuid not null, "source" text check ("source" in ('POLICE', 'HOUSING', 'WARDEN')) not null, "agency_id" varchar(255) not null, "source_ref" varchar(255) not null, "category" text check ("category" in ('PERSONAL', 'NUISANCE', 'ENVIRONMENTAL')) not null, "sub_type" varchar(255) null, "occurred_at" timestamptz not null, "reported_at" timestamptz not null, "description" text null, "location" varchar(255) null, "uprn" varchar(255) null, "latitude" double precision null, "longitude" double precision null, "lsoa_code" varchar(255) null, "reporter_person_id" uuid null, "person_ids" text[] not null default '{}', "actions" jsonb not null default '[]', "created_at" timestamptz not null, "updated_at" timestamptz not null, constraint "incident_pkey" primary key ("id"));`);
    this.addSql(`create index "incident_agency_id_index" on "incidents"."incident" ("agency_id");`);
    this.addSql(`create index "incident_occurred_at_index" on "incidents"."incident" ("occurred_at");`);
    this.addSql(`create index "incident_lsoa_code_index" on "incidents"."incident" ("lsoa_code");`);
    this.addSql(`create index "incident_reporter_person_id_index" on "incidents"."incident" ("reporter_person_id");`);
    this.addSql(`create index "incident_person_ids_index" on "incidents"."incident" using gin ("person_ids");`);
    this.addSql(`alter table "incidents"."incident" add constraint "incident_agency_id_source_ref_unique" unique ("agency_id", "source_ref");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "incidents"."incident" cascade;`);

    this.addSql(`drop schema if exists "incidents";`);
  }

}
