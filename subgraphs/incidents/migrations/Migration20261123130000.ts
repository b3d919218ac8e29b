import { Migration } from '@mikro-orm/migrations';

/**
 * The monthly incident counts behind `incidentStatistics` (rules/statistics.ts), two read models:
 * - `incident_monthly_count`: per London month, LSOA ('' when unknown), source, category and
 *   reporting agency (about as many rows as incidents at national scale: ASB is thin per LSOA);
 * - `incident_monthly_total`: the same without the LSOA (a few thousand rows), for every question
 *   that neither groups nor filters by area.
 * Statement-level triggers keep both exact as incidents are inserted (COPY included), updated or
 * deleted: each statement's changes are grouped by cell once and added in key order, so concurrent
 * writers lock cells in the same order. A cell can fall to zero; readers drop empty groups.
 */
const KEY = `"month", "lsoa_code", "source", "category", "agency_id"`;
const TOTAL_KEY = `"month", "source", "category", "agency_id"`;
const MOVED = `(o."occurred_at", o."lsoa_code", o."source", o."category", o."agency_id") is distinct from (n."occurred_at", n."lsoa_code", n."source", n."category", n."agency_id")`;
/** Adds `rows` (each with a `sign` column, +1 or −1) to both read models, grouped by cell. */
const applyCells = (rows: string) => `
    with delta as (
      select date_trunc('month', "occurred_at" at time zone 'Europe/London')::date as "month", coalesce("lsoa_code", '') as "lsoa_code",
             "source", "category", "agency_id", sum("sign")::int as "n"
        from ${rows} group by 1, 2, 3, 4, 5),
    fine as (
      insert into "incidents"."incident_monthly_count" as c (${KEY}, "count")
      select ${KEY}, "n" from delta where "n" <> 0 order by ${KEY}
      on conflict (${KEY}) do update set "count" = c."count" + excluded."count")
    insert into "incidents"."incident_monthly_total" as t (${TOTAL_KEY}, "count")
    select ${TOTAL_KEY}, sum("n") from delta group by ${TOTAL_KEY} having sum("n") <> 0 order by ${TOTAL_KEY}
    on conflict (${TOTAL_KEY}) do update set "count" = t."count" + excluded."count";`;
const CELL = `"occurred_at", "lsoa_code", "source", "category", "agency_id"`;
/** An updated row whose cell may have moved: its old cell loses it and its new cell gains it, in one pass. */
const MOVED_ROWS = `(select m.* from old_rows o join new_rows n using ("id")
      cross join lateral (values (o."occurred_at", o."lsoa_code", o."source", o."category", o."agency_id", -1),
                                 (n."occurred_at", n."lsoa_code", n."source", n."category", n."agency_id", 1)) as m(${CELL}, "sign")
      where ${MOVED}) moved`;

export class Migration20261123130000 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "incidents"."incident_monthly_count" (
      "month" date not null,
      "lsoa_code" varchar(255) not null,
      "source" text not null,
      "category" text not null,
      "agency_id" varchar(255) not null,
      "count" integer not null,
      constraint "incident_monthly_count_pkey" primary key (${KEY}));`);
    this.addSql(`create index "incident_monthly_count_agency_month_index" on "incidents"."incident_monthly_count" ("agency_id", "month");`);
    this.addSql(`create table "incidents"."incident_monthly_total" (
      "month" date not null,
      "source" text not null,
      "category" text not null,
      "agency_id" varchar(255) not null,
      "count" integer not null,
      constraint "incident_monthly_total_pkey" primary key (${TOTAL_KEY}));`);
    this.addSql(`create function "incidents"."incident_monthly_count_apply"() returns trigger language plpgsql as $$
      begin
        if tg_op = 'INSERT' then ${applyCells(`(select ${CELL}, 1 as "sign" from new_rows) added`)}
        elsif tg_op = 'DELETE' then ${applyCells(`(select ${CELL}, -1 as "sign" from old_rows) removed`)}
        else
          -- only rows whose cell may have moved (most updates touch other columns)
          ${applyCells(MOVED_ROWS)}
        end if;
        return null;
      end $$;`);
    this.addSql(`create trigger "incident_monthly_count_insert" after insert on "incidents"."incident"
      referencing new table as new_rows for each statement execute function "incidents"."incident_monthly_count_apply"();`);
    this.addSql(`create trigger "incident_monthly_count_update" after update on "incidents"."incident"
      referencing old table as old_rows new table as new_rows for each statement execute function "incidents"."incident_monthly_count_apply"();`);
    this.addSql(`create trigger "incident_monthly_count_delete" after delete on "incidents"."incident"
      referencing old table as old_rows for each statement execute function "incidents"."incident_monthly_count_apply"();`);
    this.addSql(`insert into "incidents"."incident_monthly_count" (${KEY}, "count")
      select date_trunc('month', "occurred_at" at time zone 'Europe/London')::date, coalesce("lsoa_code", ''), "source", "category", "agency_id", count(*)
        from "incidents"."incident" group by 1, 2, 3, 4, 5;`);
    this.addSql(`insert into "incidents"."incident_monthly_total" (${TOTAL_KEY}, "count")
      select ${TOTAL_KEY}, sum("count") from "incidents"."incident_monthly_count" group by ${TOTAL_KEY};`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop trigger "incident_monthly_count_insert" on "incidents"."incident";`);
    this.addSql(`drop trigger "incident_monthly_count_update" on "incidents"."incident";`);
    this.addSql(`drop trigger "incident_monthly_count_delete" on "incidents"."incident";`);
    this.addSql(`drop function "incidents"."incident_monthly_count_apply"();`);
    this.addSql(`drop table "incidents"."incident_monthly_total";`);
    this.addSql(`drop table "incidents"."incident_monthly_count";`);
  }

}
