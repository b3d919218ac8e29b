import { Migration } from '@mikro-orm/migrations';

/**
 * Appending to the access log in one round trip: `consent.append_access_events(rows jsonb)` takes
 * the advisory lock, reads the chain's head and inserts the rows, computing each
 * `hash = sha256(prev_hash ‖ '["<seq>",' ‖ body ‖ ',"<prev_hash>"]')` where `body` is the row's
 * canonical JSON (built by rules/audit-log.ts, which verifies with the same formula). Each statement
 * inside the function sees what committed before the lock was granted, so writers never fork the chain.
 */
export class Migration20261123115609 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create or replace function "consent"."append_access_events"(rows jsonb) returns integer language plpgsql as $$
      declare
        last_seq bigint;
        last_hash text;
        r jsonb;
        h text;
        n integer := 0;
      begin
        perform pg_advisory_xact_lock(7340511);
        select e.seq, e.hash into last_seq, last_hash from "consent"."access_event" e order by e.seq desc limit 1;
        last_seq := coalesce(last_seq, 0);
        last_hash := coalesce(last_hash, repeat('0', 64));
        for r in select * from jsonb_array_elements(rows) loop
          last_seq := last_seq + 1;
          h := encode(sha256(convert_to(last_hash || '["' || last_seq::text || '",' || (r->>'body') || ',"' || last_hash || '"]', 'UTF8')), 'hex');
          insert into "consent"."access_event"
            (seq, occurred_at, request_id, actor_sub, actor_agency_id, actor_roles, purpose, review_id, person_id, category,
             decision, basis, grant_id, consent_id, operation, subgraph, prev_hash, hash)
          values
            (last_seq, (r->>'occurredAt')::timestamptz, r->>'requestId', r->>'actorSub', r->>'actorAgencyId',
             array(select jsonb_array_elements_text(r->'actorRoles')), r->>'purpose', (r->>'reviewId')::uuid, (r->>'personId')::uuid,
             r->>'category', r->>'decision', r->>'basis', (r->>'grantId')::uuid, (r->>'consentId')::uuid, r->>'operation', r->>'subgraph',
             last_hash, h);
          last_hash := h;
          n := n + 1;
        end loop;
        return n;
      end
    $$;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop function if exists "consent"."append_access_events"(jsonb);`);
  }
}
