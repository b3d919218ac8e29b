import { Migration } from '@mikro-orm/migrations';

/** Agencies kept by an admin: their teams' contacts, when last changed, and two more kinds (fire service, PCC's office). */
export class Migration20261202020200 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "consent"."agency" drop constraint if exists "agency_kind_check";`);
    this.addSql(
      `alter table "consent"."agency" add constraint "agency_kind_check" check("kind" in ('POLICE', 'HOUSING', 'WARDEN', 'COUNCIL', 'HEALTH', 'FIRE', 'PCC', 'OTHER'));`,
    );
    this.addSql(`alter table "consent"."agency" add column "contacts" jsonb not null default '[]', add column "updated_at" timestamptz null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "consent"."agency" drop column "contacts", drop column "updated_at";`);
    this.addSql(`update "consent"."agency" set "kind" = 'OTHER' where "kind" in ('FIRE', 'PCC');`);
    this.addSql(`alter table "consent"."agency" drop constraint if exists "agency_kind_check";`);
    this.addSql(
      `alter table "consent"."agency" add constraint "agency_kind_check" check("kind" in ('POLICE', 'HOUSING', 'WARDEN', 'COUNCIL', 'HEALTH', 'OTHER'));`,
    );
  }
}
