import { Migration } from '@mikro-orm/migrations';

export class Migration20261123114242 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "incidents"."agency_person_ref" ("agency_id" varchar(255) not null, "person_ref" varchar(255) not null, "person_id" uuid not null, constraint "agency_person_ref_pkey" primary key ("agency_id", "person_ref"));`);
    this.addSql(`create index "agency_person_ref_person_id_index" on "incidents"."agency_person_ref" ("person_id");`);

    this.addSql(`create table "incidents"."incident_link" ("id" uuid not null, "incident_id" uuid not null, "other_incident_id" uuid not null, "basis" text[] not null, "hours_apart" double precision not null, "window_hours" double precision not null, "linked_at" timestamptz not null, "undone_at" timestamptz null, "undone_by" varchar(255) null, "undone_by_agency_id" varchar(255) null, "undo_reason" text null, constraint "incident_link_pkey" primary key ("id"));`);
    this.addSql(`create index "incident_link_other_incident_id_index" on "incidents"."incident_link" ("other_incident_id");`);
    this.addSql(`alter table "incidents"."incident_link" add constraint "incident_link_incident_id_other_incident_id_unique" unique ("incident_id", "other_incident_id");`);

    this.addSql(`alter table "incidents"."incident" add column "source_details" jsonb not null default '{}', add column "cluster_id" uuid null;`);
    this.addSql(`create index "incident_uprn_index" on "incidents"."incident" ("uprn");`);
    this.addSql(`update "incidents"."incident" set "cluster_id" = "id" where "cluster_id" is null;`);
    this.addSql(`create index "incident_cluster_id_index" on "incidents"."incident" ("cluster_id");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "incidents"."agency_person_ref" cascade;`);

    this.addSql(`drop table if exists "incidents"."incident_link" cascade;`);

    this.addSql(`drop index "incidents"."incident_uprn_index";`);
    this.addSql(`drop index "incidents"."incident_cluster_id_index";`);
    this.addSql(`alter table "incidents"."incident" drop column "source_details", drop column "cluster_id";`);
  }

}
