import { Migration } from '@mikro-orm/migrations';

/**
 * Access model v2: personal data belongs to the agency that supplied it. A person's details move
 * from the person row (one merged set, readable by every agency matched to the person) into one
 * record per supplying agency. The registering agency supplied every detail on the row; each other
 * agency matched to the person by name, date of birth and postcode supplied those three identity
 * values and the postcode (the match key is equal only when they are), nothing else; an agency
 * linked without a match key keeps an empty record (it holds the person, none of these values).
 */
export class Migration20261201090000 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "consent"."person_record" (
      "id" uuid not null, "person_id" uuid not null, "agency_id" varchar(255) not null,
      "supplied_at" timestamptz not null, "updated_at" timestamptz not null,
      "given_name" varchar(255) null, "family_name" varchar(255) null, "date_of_birth" date null,
      "address" varchar(255) null, "postcode" varchar(255) null, "phone" varchar(255) null, "email" varchar(255) null,
      "vulnerabilities" text[] not null default '{}',
      constraint "person_record_pkey" primary key ("id"),
      constraint "person_record_person_id_foreign" foreign key ("person_id") references "consent"."person" ("id") on delete cascade);`);
    this.addSql(`create unique index "person_record_person_id_agency_id_unique" on "consent"."person_record" ("person_id", "agency_id");`);
    this.addSql(`create index "person_record_person_id_index" on "consent"."person_record" ("person_id");`);
    this.addSql(`create index "person_record_agency_id_index" on "consent"."person_record" ("agency_id");`);
    this.addSql(`insert into "consent"."person_record" (id, person_id, agency_id, supplied_at, updated_at, given_name, family_name, date_of_birth, address, postcode, phone, email, vulnerabilities)
      select gen_random_uuid(), p.id, p.registered_by_agency_id, p.created_at, p.created_at, p.given_name, p.family_name, p.date_of_birth, p.address, p.postcode, p.phone, p.email, p.vulnerabilities
      from "consent"."person" p;`);
    this.addSql(`insert into "consent"."person_record" (id, person_id, agency_id, supplied_at, updated_at, given_name, family_name, date_of_birth, postcode)
      select gen_random_uuid(), p.id, a.agency_id, p.created_at, p.created_at,
        case when p.match_key is not null then p.given_name end, case when p.match_key is not null then p.family_name end,
        case when p.match_key is not null then p.date_of_birth end, case when p.match_key is not null then p.postcode end
      from "consent"."person" p cross join lateral unnest(p.controller_agency_ids) as a(agency_id)
      where a.agency_id <> p.registered_by_agency_id
      on conflict (person_id, agency_id) do nothing;`);
    this.addSql(`drop index if exists "consent"."person_controller_agency_ids_index";`);
    this.addSql(`alter table "consent"."person" drop column "given_name", drop column "family_name", drop column "date_of_birth", drop column "address",
      drop column "postcode", drop column "phone", drop column "email", drop column "vulnerabilities", drop column "controller_agency_ids";`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "consent"."person" add column "given_name" varchar(255) null, add column "family_name" varchar(255) null,
      add column "date_of_birth" date null, add column "address" varchar(255) null, add column "postcode" varchar(255) null,
      add column "phone" varchar(255) null, add column "email" varchar(255) null, add column "vulnerabilities" text[] not null default '{}',
      add column "controller_agency_ids" text[] not null default '{}';`);
    this.addSql(`update "consent"."person" p set given_name = r.given_name, family_name = r.family_name, date_of_birth = r.date_of_birth, address = r.address,
      postcode = r.postcode, phone = r.phone, email = r.email, vulnerabilities = r.vulnerabilities
      from "consent"."person_record" r where r.person_id = p.id and r.agency_id = p.registered_by_agency_id;`);
    this.addSql(`update "consent"."person" p set controller_agency_ids = (select array_agg(r.agency_id order by r.supplied_at) from "consent"."person_record" r where r.person_id = p.id);`);
    this.addSql(`create index "person_controller_agency_ids_index" on "consent"."person" using gin ("controller_agency_ids");`);
    this.addSql(`drop table "consent"."person_record";`);
  }
}
