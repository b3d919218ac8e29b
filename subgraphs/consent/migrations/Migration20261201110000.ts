import { Migration } from '@mikro-orm/migrations';

/**
 * A keyed access log, and every processing step on record.
 *
 * Each row now says what was done (`action`: CONSULT, DISCLOSE, COLLECT, ALTER, COMBINE, ERASE) and
 * why (`justification`), and names the key (`key_id`) of its link: HMAC-SHA256 under a secret the
 * database does not hold (AUDIT_LOG_KEY), computed by the hub (rules/audit-log.ts). The database
 * can therefore no longer compute a link itself: the old `append_access_events(rows)` goes, and
 * `append_access_events_keyed(expected_seq, expected_hash, rows)` only takes the advisory lock,
 * checks that the chain's head is the one the hub hashed from, and inserts the rows as given; when
 * the head has moved it inserts nothing and answers the head, and the hub hashes again.
 */
export class Migration20261201110000 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "consent"."access_event"
      add column "action" text not null default 'CONSULT' check ("action" in ('CONSULT', 'DISCLOSE', 'COLLECT', 'ALTER', 'COMBINE', 'ERASE')),
      add column "justification" text null,
      add column "key_id" varchar(64) null;`);
    this.addSql(`drop function if exists "consent"."append_access_events"(jsonb);`);
    this.addSql(`create or replace function "consent"."append_access_events_keyed"(expected_seq bigint, expected_hash text, rows jsonb) returns jsonb language plpgsql as $$
      declare
        last_seq bigint;
        last_hash text;
        n integer;
      begin
        perform pg_advisory_xact_lock(7340511);
        select e.seq, e.hash into last_seq, last_hash from "consent"."access_event" e order by e.seq desc limit 1;
        last_seq := coalesce(last_seq, 0);
        last_hash := coalesce(last_hash, repeat('0', 64));
        if last_seq <> expected_seq or last_hash <> expected_hash then
          return jsonb_build_object('ok', false, 'seq', last_seq::text, 'hash', last_hash);
        end if;
        insert into "consent"."access_event"
          (seq, occurred_at, request_id, actor_sub, actor_agency_id, actor_roles, purpose, review_id, person_id, category,
           decision, basis, grant_id, consent_id, operation, subgraph, action, justification, key_id, prev_hash, hash)
        select r.seq, r."occurredAt", r."requestId", r."actorSub", r."actorAgencyId", array(select jsonb_array_elements_text(r."actorRoles")),
          r.purpose, r."reviewId", r."personId", r.category, r.decision, r.basis, r."grantId", r."consentId", r.operation, r.subgraph,
          r.action, r.justification, r."keyId", r."prevHash", r.hash
        from jsonb_to_recordset(rows) as r(seq bigint, "occurredAt" timestamptz, "requestId" text, "actorSub" text, "actorAgencyId" text,
          "actorRoles" jsonb, purpose text, "reviewId" uuid, "personId" uuid, category text, decision text, basis text, "grantId" uuid,
          "consentId" uuid, operation text, subgraph text, action text, justification text, "keyId" text, "prevHash" text, hash text)
        order by r.seq;
        get diagnostics n = row_count;
        select e.seq, e.hash into last_seq, last_hash from "consent"."access_event" e order by e.seq desc limit 1;
        return jsonb_build_object('ok', true, 'seq', last_seq::text, 'hash', last_hash, 'n', n);
      end
    $$;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop function if exists "consent"."append_access_events_keyed"(bigint, text, jsonb);`);
  }
}
