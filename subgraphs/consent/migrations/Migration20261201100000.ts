import { Migration } from '@mikro-orm/migrations';

/**
 * Data sharing agreements, and grants that name the agency that supplied the data and the agreement
 * they rest on. A grant a DPO recorded before grants named their supplier cannot say whose data it
 * covers: it is revoked (the DPO records it again against an agreement).
 */
export class Migration20261201100000 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "consent"."data_sharing_agreement" (
      "id" uuid not null, "reference" varchar(255) not null, "title" varchar(255) not null,
      "parties" text[] not null, "party_dpos" text[] not null, "purposes" text[] not null, "categories" text[] not null,
      "lawful_basis" text check ("lawful_basis" in ('CONSENT', 'PUBLIC_TASK', 'LEGAL_OBLIGATION', 'VITAL_INTERESTS')) not null,
      "legal_gateway" text not null, "retention" text not null,
      "starts_on" date not null, "review_on" date not null, "ends_on" date not null,
      "recorded_by" varchar(255) not null, "created_at" timestamptz not null,
      constraint "data_sharing_agreement_pkey" primary key ("id"));`);
    this.addSql(`alter table "consent"."data_sharing_agreement" add constraint "data_sharing_agreement_reference_unique" unique ("reference");`);
    this.addSql(`alter table "consent"."access_grant" add column "supplier_agency_id" varchar(255) null, add column "agreement_id" uuid null;`);
    this.addSql(`update "consent"."access_grant" set revoked_at = now(), revoked_reason = 'recorded before grants named the supplying agency and agreement'
      where basis <> 'CONSENT' and revoked_at is null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "consent"."access_grant" drop column "supplier_agency_id", drop column "agreement_id";`);
    this.addSql(`drop table if exists "consent"."data_sharing_agreement";`);
  }
}
