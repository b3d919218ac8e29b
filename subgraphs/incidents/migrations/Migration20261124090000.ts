import { Migration } from '@mikro-orm/migrations';

/**
 * The cell key method (shared/disclosure.ts): every incident gets a fixed random record key (0–255),
 * set by the database when the row is made (existing rows get theirs now) and never changed by a
 * resubmission; both monthly read models (Migration20261123130000.ts) also keep the sum of their
 * incidents' keys, so a statistic's cell key is one more `sum` in the same statement. The triggers
 * are redefined to move the key with the incident: an incident leaving a cell takes its key away.
 */
const KEY = `"month", "lsoa_code", "source", "category", "agency_id"`;
const TOTAL_KEY = `"month", "source", "category", "agency_id"`;
const CELL = `"occurred_at", "lsoa_code", "source", "category", "agency_id", "record_key"`;
const MOVED = `(o."occurred_at", o."lsoa_code", o."source", o."category", o."agency_id", o."record_key") is distinct from (n."occurred_at", n."lsoa_code", n."source", n."category", n."agency_id", n."record_key")`;
const applyCells = (rows: string) => `
    with delta as (
      select date_trunc('month', "occurred_at" at time zone 'Europe/London')::date as "month", coalesce("lsoa_code", '') as "lsoa_code",
             "source", "category", "agency_id", sum("sign")::int as "n", sum("sign" * "record_key")::bigint as "k"
        from ${rows} group by 1, 2, 3, 4, 5),
    fine as (
      insert into "incidents"."incident_monthly_count" as c (${KEY}, "count", "key_sum")
      select ${KEY}, "n", "k" from delta where "n" <> 0 or "k" <> 0 order by ${KEY}
      on conflict (${KEY}) do update set "count" = c."count" + excluded."count", "key_sum" = c."key_sum" + excluded."key_sum")
    insert into "incidents"."incident_monthly_total" as t (${TOTAL_KEY}, "count", "key_sum")
    select ${TOTAL_KEY}, sum("n"), sum("k") from delta group by ${TOTAL_KEY} having sum("n") <> 0 or sum("k") <> 0 order by ${TOTAL_KEY}
    on conflict (${TOTAL_KEY}) do update set "count" = t."count" + excluded."count", "key_sum" = t."key_sum" + excluded."key_sum";`;
const MOVED_ROWS = `(select m.* from old_rows o join new_rows n using ("id")
      cross join lateral (values (o."occurred_at", o."lsoa_code", o."source", o."category", o."agency_id", o."record_key", -1),
                                 (n."occurred_at", n."lsoa_code", n."source", n."category", n."agency_id", n."record_key", 1)) as m(${CELL}, "sign")
      where ${MOVED}) moved`;
const applyFunction = (body: { insert: string; remove: string; update: string }) => `create or replace function "incidents"."incident_monthly_count_apply"() returns trigger language plpgsql as $$
      begin
        if tg_op = 'INSERT' then ${body.insert}
        elsif tg_op = 'DELETE' then ${body.remove}
        else
          -- only rows whose cell (or key) may have moved (most updates touch other columns)
          ${body.update}
        end if;
        return null;
      end $$;`;

export class Migration20261124090000 extends Migration {

  override async up(): Promise<void> {
    // A volatile default is evaluated per existing row, each incident its own key: a byte of a random
    // (version 4) UUID, which PostgreSQL draws from its strong random source, so keys cannot be guessed.
    this.addSql(`alter table "incidents"."incident" add column "record_key" smallint not null default get_byte(uuid_send(gen_random_uuid()), 15)::smallint
      constraint "incident_record_key_check" check ("record_key" between 0 and 255);`);
    this.addSql(`alter table "incidents"."incident_monthly_count" add column "key_sum" bigint not null default 0;`);
    this.addSql(`alter table "incidents"."incident_monthly_total" add column "key_sum" bigint not null default 0;`);
    this.addSql(`update "incidents"."incident_monthly_count" c set "key_sum" = s."k"
      from (select date_trunc('month', "occurred_at" at time zone 'Europe/London')::date as "month", coalesce("lsoa_code", '') as "lsoa_code",
                   "source", "category", "agency_id", sum("record_key") as "k" from "incidents"."incident" group by 1, 2, 3, 4, 5) s
      where (c."month", c."lsoa_code", c."source", c."category", c."agency_id") = (s."month", s."lsoa_code", s."source", s."category", s."agency_id");`);
    this.addSql(`update "incidents"."incident_monthly_total" t set "key_sum" = s."k"
      from (select ${TOTAL_KEY}, sum("key_sum") as "k" from "incidents"."incident_monthly_count" group by ${TOTAL_KEY}) s
      where (t."month", t."source", t."category", t."agency_id") = (s."month", s."source", s."category", s."agency_id");`);
    this.addSql(applyFunction({
      insert: applyCells(`(select ${CELL}, 1 as "sign" from new_rows) added`),
      remove: applyCells(`(select ${CELL}, -1 as "sign" from old_rows) removed`),
      update: applyCells(MOVED_ROWS),
    }));
  }

  override async down(): Promise<void> {
    const cell = `"occurred_at", "lsoa_code", "source", "category", "agency_id"`;
    const moved = `(o."occurred_at", o."lsoa_code", o."source", o."category", o."agency_id") is distinct from (n."occurred_at", n."lsoa_code", n."source", n."category", n."agency_id")`;
    const apply = (rows: string) => `
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
    this.addSql(applyFunction({
      insert: apply(`(select ${cell}, 1 as "sign" from new_rows) added`),
      remove: apply(`(select ${cell}, -1 as "sign" from old_rows) removed`),
      update: apply(`(select m.* from old_rows o join new_rows n using ("id")
      cross join lateral (values (o."occurred_at", o."lsoa_code", o."source", o."category", o."agency_id", -1),
                                 (n."occurred_at", n."lsoa_code", n."source", n."category", n."agency_id", 1)) as m(${cell}, "sign")
      where ${moved}) moved`),
    }));
    this.addSql(`alter table "incidents"."incident_monthly_total" drop column "key_sum";`);
    this.addSql(`alter table "incidents"."incident_monthly_count" drop column "key_sum";`);
    this.addSql(`alter table "incidents"."incident" drop column "record_key";`);
  }

}
