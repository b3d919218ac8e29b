import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { stringify } from 'csv-stringify';
import { DateTime } from 'luxon';
import { Client } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import { AgencyKind } from '../subgraphs/consent/entities/Agency';
import { KEY_RANGE } from '../subgraphs/shared/disclosure';
import { addWorkingDays } from '../subgraphs/shared/calendar';
import { agencies as demoAgencies } from './demo-data';

/**
 * `npm run seed -- --scale <N>`: N synthetic but realistically shaped incidents, with the people,
 * Community Trigger applications and case reviews that go with them, loaded with COPY (one
 * statement per table, the statistics aggregate kept by its triggers as usual), each incident and
 * application with its disclosure-control record key.
 *
 * The shape follows what data.police.uk shows of ASB in England: the 39 police force areas of
 * England (the demo partnership's Kent, Hertfordshire and Derbyshire agencies among them), each with
 * district councils, a housing association and community wardens; one LSOA per 30 incidents up to
 * England's 33,755 (synthetic codes E019xxxxx, so never mistaken for real areas), a few hot spots
 * per district; police 65 %, housing 20 %, wardens 15 %; nuisance 65 %, personal 25 %,
 * environmental 10 %; 36 months to now with a summer peak and a bonfire-night bump; half the reports
 * anonymous, a quarter of the rest from repeat victims. One application per 300 incidents (each by
 * a repeat victim), most acknowledged within 2 working days, about 60 % meeting the threshold and
 * going to a case review. Deterministic for a given `seed`. Descriptions carry no personal data.
 */
export interface ScaleOptions {
  incidents: number;
  seed?: number;
  now?: Date;
  /** Called with progress lines. */
  log?: (line: string) => void;
}

export interface ScaleResult {
  agencies: number;
  areas: number;
  people: number;
  incidents: number;
  applications: number;
  reviews: number;
  seconds: number;
}

const FORCES = [
  'Avon and Somerset', 'Bedfordshire', 'Cambridgeshire', 'Cheshire', 'City of London', 'Cleveland', 'Cumbria', 'Derbyshire',
  'Devon and Cornwall', 'Dorset', 'Durham', 'Essex', 'Gloucestershire', 'Greater Manchester', 'Hampshire', 'Hertfordshire',
  'Humberside', 'Kent', 'Lancashire', 'Leicestershire', 'Lincolnshire', 'Merseyside', 'Metropolitan', 'Norfolk', 'North Yorkshire',
  'Northamptonshire', 'Northumbria', 'Nottinghamshire', 'South Yorkshire', 'Staffordshire', 'Suffolk', 'Surrey', 'Sussex',
  'Thames Valley', 'Warwickshire', 'West Mercia', 'West Midlands', 'West Yorkshire', 'Wiltshire',
];
/** Relative size of force areas (the Metropolitan area is by far the largest). */
const FORCE_WEIGHT: Record<string, number> = { Metropolitan: 8, 'West Midlands': 3, 'Greater Manchester': 3, 'West Yorkshire': 2.5, 'Thames Valley': 2, Kent: 2, Hampshire: 2, 'City of London': 0.2 };
const DISTRICTS_PER_FORCE = 4;
const MONTHS = 36;
const ENGLAND_LSOAS = 33_755;

const SUB_TYPES: Record<string, string[]> = {
  NUISANCE: ['Noise', 'Rowdy behaviour', 'Vehicle nuisance', 'Neighbour dispute', 'Street drinking'],
  PERSONAL: ['Harassment', 'Intimidation', 'Targeted abuse'],
  ENVIRONMENTAL: ['Fly-tipping', 'Graffiti', 'Littering', 'Abandoned vehicle'],
};
const NARRATIVE: Record<string, string> = {
  NUISANCE: 'Persistent disturbance reported in the area; officers attended and gave advice.',
  PERSONAL: 'Resident reports being targeted; safeguarding considered and follow-up arranged.',
  ENVIRONMENTAL: 'Environmental damage reported; clean-up requested from the council.',
};
const GIVEN = ['Amira', 'Ben', 'Chloe', 'Dev', 'Ella', 'Femi', 'Grace', 'Harry', 'Isla', 'Jack', 'Kiran', 'Leah', 'Mo', 'Nia', 'Owen', 'Priya'];
const FAMILY = ['Adams', 'Begum', 'Clarke', 'Davies', 'Evans', 'Frost', 'Green', 'Hussain', 'Iqbal', 'Jones', 'Khan', 'Lewis', 'Mills', 'Nowak', 'Okafor', 'Patel'];
const ACTIONS = ['Multi-agency action plan', 'Acceptable behaviour contract', 'Mediation offered', 'Noise monitoring installed', 'Tenancy warning issued'];

interface Force {
  slug: string;
  police: string;
  councils: string[];
  housing: string;
  wardens: string;
  weight: number;
  /** Index range of its areas in the area list. */
  firstArea: number;
  areaCount: number;
}

const slugOf = (s: string) => s.toLowerCase().replace(/[^a-z0-9]+/g, '-');
const DAY = 86_400_000;

export async function seedScale(clientUrl: string, opts: ScaleOptions): Promise<ScaleResult> {
  const started = performance.now();
  const log = opts.log ?? (() => undefined);
  const n = opts.incidents;
  if (!Number.isInteger(n) || n < 1) throw new Error('--scale needs a whole number of incidents, at least 1');
  const rng = xoroshiro128plus(opts.seed ?? 20261123);
  const random = () => uniformFloat64(rng);
  // Disclosure control's record keys (subgraphs/shared/disclosure.ts) from a stream of their own, so
  // that the data itself is the same with or without them.
  const keyRng = xoroshiro128plus((opts.seed ?? 20261123) ^ 0x6b657973);
  const recordKey = () => Math.floor(uniformFloat64(keyRng) * KEY_RANGE);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(random() * xs.length)];
  const now = opts.now ?? new Date();
  const run = now.getTime().toString(36).toUpperCase();

  // Agencies: the demo partnership's where it has them, generated ones elsewhere.
  const demo = new Map(demoAgencies.map((a) => [a.id, a]));
  const agencyRows: Array<[string, string, string, string, boolean]> = [];
  const forces: Force[] = FORCES.map((name) => {
    const slug = slugOf(name);
    const demoArea = demoAgencies.filter((a) => a.area === slug);
    const find = (kind: AgencyKind) => demoArea.find((a) => a.kind === kind)?.id;
    const police = find(AgencyKind.POLICE) ?? `${slug}-police`;
    const demoCouncil = find(AgencyKind.COUNCIL);
    const councils = Array.from({ length: DISTRICTS_PER_FORCE }, (_, k) => (k === 0 && demoCouncil ? demoCouncil : `${slug}-district-${k + 1}`));
    const housing = find(AgencyKind.HOUSING) ?? `${slug}-housing`;
    const wardens = find(AgencyKind.WARDEN) ?? `${slug}-wardens`;
    const add = (id: string, agencyName: string, kind: AgencyKind, isAuthority: boolean) => {
      if (!demo.has(id)) agencyRows.push([id, agencyName, kind, slug, isAuthority]);
    };
    add(police, name === 'Metropolitan' ? 'Metropolitan Police Service' : `${name} Police`, AgencyKind.POLICE, false);
    councils.forEach((c, k) => add(c, `${name} District ${k + 1} Council`, AgencyKind.COUNCIL, true));
    add(housing, `${name} Housing Association`, AgencyKind.HOUSING, false);
    add(wardens, `${name} Community Wardens`, AgencyKind.WARDEN, false);
    return { slug, police, councils, housing, wardens, weight: FORCE_WEIGHT[name] ?? 1, firstArea: 0, areaCount: 0 };
  });
  const totalWeight = forces.reduce((s, f) => s + f.weight, 0);
  const areaTotal = Math.min(ENGLAND_LSOAS, Math.max(forces.length * DISTRICTS_PER_FORCE, Math.round(n / 30)));
  let nextArea = 0;
  for (const f of forces) {
    f.firstArea = nextArea;
    f.areaCount = Math.max(DISTRICTS_PER_FORCE, Math.round((areaTotal * f.weight) / totalWeight));
    nextArea += f.areaCount;
  }
  const areaCode = (i: number) => `E019${String(i).padStart(5, '0')}`;
  const cumulative: number[] = [];
  forces.reduce((s, f) => (cumulative.push(s + f.weight), s + f.weight), 0);
  const forceFor = () => {
    const x = random() * totalWeight;
    return forces[cumulative.findIndex((c) => x < c)] ?? forces[forces.length - 1];
  };

  // Months: the last 36 to now, weighted for a summer peak and the October–November bump.
  const monthStarts = Array.from({ length: MONTHS }, (_, k) => DateTime.fromJSDate(now, { zone: 'Europe/London' }).startOf('month').minus({ months: MONTHS - 1 - k }));
  const monthWeights = monthStarts.map((m) => 1 + 0.3 * Math.cos((2 * Math.PI * (m.month - 7)) / 12) + (m.month === 10 || m.month === 11 ? 0.15 : 0));
  const monthCumulative: number[] = [];
  monthWeights.reduce((s, w) => (monthCumulative.push(s + w), s + w), 0);
  const monthTotal = monthCumulative[monthCumulative.length - 1];
  const monthMs = monthStarts.map((m) => ({ start: m.toMillis(), days: m.daysInMonth! }));
  const occurredAt = () => {
    const x = random() * monthTotal;
    const m = monthMs[monthCumulative.findIndex((c) => x < c)];
    // Evenings are busier: hours skewed towards 16:00–23:00 (plain arithmetic: luxon per row is the slow part).
    const hour = random() < 0.6 ? 16 + Math.floor(random() * 8) : Math.floor(random() * 24);
    const at = m.start + Math.floor(random() * m.days) * DAY + hour * 3_600_000 + Math.floor(random() * 3_600_000);
    return new Date(Math.min(at, now.getTime() - Math.floor(random() * DAY)));
  };

  // People: one per 20 incidents; the first `applications` of them are the repeat victims who apply.
  const applicationCount = Math.max(1, Math.round(n / 300));
  const peopleCount = Math.max(applicationCount * 2, Math.round(n / 20));
  const people = Array.from({ length: peopleCount }, () => ({ id: randomUUID(), force: forceFor() }));
  const repeatVictims = people.slice(0, applicationCount);

  const client = new Client({ connectionString: clientUrl });
  await client.connect();
  const copy = async (table: string, columns: string[], rows: Iterable<unknown[]>) => {
    await pipeline(
      Readable.from(rows),
      stringify({ cast: { boolean: (b) => (b ? 't' : 'f'), date: (d) => d.toISOString() } }),
      client.query(copyFrom(`copy ${table} (${columns.map((c) => `"${c}"`).join(', ')}) from stdin with (format csv)`)),
    );
  };
  const pgArray = (xs: string[]) => `{${xs.join(',')}}`;
  try {
    await client.query('begin');
    log(`agencies: ${agencyRows.length} more (39 force areas)`);
    for (const a of agencyRows) {
      await client.query(`insert into "consent"."agency" ("id", "name", "kind", "area", "is_authority", "created_at") values ($1, $2, $3, $4, $5, $6) on conflict ("id") do nothing`, [...a, now]);
    }

    log(`people: ${peopleCount}`);
    await copy(
      '"consent"."person"',
      ['id', 'registered_by_agency_id', 'created_at'],
      (function* () {
        for (const p of people) yield [p.id, p.force.police, now];
      })(),
    );
    // Each person's details as the force that reported them holds them (access model v2: one record per supplying agency).
    await copy(
      '"consent"."person_record"',
      ['id', 'person_id', 'agency_id', 'supplied_at', 'updated_at', 'given_name', 'family_name', 'date_of_birth'],
      (function* () {
        for (const p of people) {
          const dob = new Date(now.getTime() - (18 + random() * 70) * 365.25 * DAY).toISOString().slice(0, 10);
          yield [randomUUID(), p.id, p.force.police, now, now, pick(GIVEN), pick(FAMILY), dob];
        }
      })(),
    );

    // Building the incident table's plain indexes once after the load is several times faster than
    // maintaining them row by row; the primary key and unique constraints stay (they guard the load).
    const { rows: indexes } = await client.query<{ name: string; def: string }>(
      `select i.relname as name, pg_get_indexdef(i.oid) as def from pg_index x join pg_class i on i.oid = x.indexrelid
        where x.indrelid = '"incidents"."incident"'::regclass and not x.indisprimary and not x.indisunique`,
    );
    const rebuild = n >= 20_000;
    if (rebuild) for (const ix of indexes) await client.query(`drop index "incidents"."${ix.name}"`);
    log(`incidents: ${n}${rebuild ? ` (${indexes.length} indexes rebuilt after)` : ''}`);
    const t0 = performance.now();
    await copy(
      '"incidents"."incident"',
      ['id', 'source', 'agency_id', 'source_ref', 'category', 'sub_type', 'occurred_at', 'reported_at', 'description', 'lsoa_code', 'reporter_person_id', 'person_ids', 'actions', 'source_details', 'cluster_id', 'created_at', 'updated_at', 'record_key'],
      (function* () {
        for (let i = 0; i < n; i++) {
          const id = randomUUID();
          const victim = random() < 0.125 ? repeatVictims[Math.floor(random() * repeatVictims.length)] : null;
          const force = victim?.force ?? forceFor();
          const s = random();
          const [source, agency] = s < 0.65 ? ['POLICE', force.police] : s < 0.85 ? ['HOUSING', force.housing] : ['WARDEN', force.wardens];
          const c = random();
          const category = c < 0.65 ? 'NUISANCE' : c < 0.9 ? 'PERSONAL' : 'ENVIRONMENTAL';
          // A few hot spots per force: the square skews towards the first areas.
          const area = areaCode(force.firstArea + Math.floor(random() ** 2 * force.areaCount));
          const at = occurredAt();
          const reporter = victim?.id ?? (random() < 0.5 ? null : people[Math.floor(random() * people.length)].id);
          yield [
            id, source, agency, `SCALE-${run}-${i}`, category, pick(SUB_TYPES[category]), at, new Date(at.getTime() + random() * 2 * DAY),
            NARRATIVE[category], area, reporter, '{}', '[]', '{}', id, now, now, recordKey(),
          ];
        }
      })(),
    );

    log(`  copied in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    if (rebuild) {
      const t1 = performance.now();
      for (const ix of indexes) await client.query(ix.def);
      log(`  indexes rebuilt in ${((performance.now() - t1) / 1000).toFixed(1)} s`);
    }

    // Applications: each repeat victim applies once to a council of their force area.
    let reviews = 0;
    const reviewRows: unknown[][] = [];
    const appRows: unknown[][] = [];
    repeatVictims.forEach((p, i) => {
      const id = randomUUID();
      const authority = pick(p.force.councils);
      const received = new Date(now.getTime() - (3 + random() * 24 * 30.4) * DAY);
      const online = random() < 0.5;
      const channel = online ? 'ONLINE' : random() < 0.6 ? 'PHONE' : 'WRITING';
      const ackLate = random() < 0.1;
      const ackDue = online ? DateTime.fromJSDate(received).toISODate()! : addWorkingDays(received, 2);
      const acknowledged = ackLate
        ? DateTime.fromISO(addWorkingDays(ackDue, 1 + Math.floor(random() * 3)), { zone: 'Europe/London' }).set({ hour: 11 }).toJSDate()
        : online ? received : new Date(received.getTime() + random() * DAY);
      const r = random();
      const notPursued = r < 0.1;
      const met = !notPursued && r < 0.7;
      const decidedAt = notPursued ? null : new Date(acknowledged.getTime() + (2 + random() * 10) * DAY);
      const inReview = met && decidedAt!.getTime() < now.getTime();
      const processDue = DateTime.fromISO(addWorkingDays(acknowledged, 25), { zone: 'Europe/London' }).endOf('day').toJSDate();
      const outcomeLate = random() < 0.15;
      const outcome = inReview ? new Date(Math.min(now.getTime(), outcomeLate ? processDue.getTime() + (1 + random() * 10) * DAY : decidedAt!.getTime() + random() * Math.max(DAY, processDue.getTime() - decidedAt!.getTime() - DAY))) : null;
      const outcomeSent = outcome && outcome.getTime() < now.getTime() - DAY ? outcome : null;
      const agreed = outcomeSent && random() < 0.7 ? [pick(ACTIONS)] : [];
      const status = notPursued ? 'NOT_PURSUED' : !met ? 'DECIDED' : outcomeSent ? (agreed.length ? 'ACTION_PLAN' : 'OUTCOME_SENT') : 'IN_REVIEW';
      appRows.push([
        id, `${authority.toUpperCase().slice(0, 12)}-CT-${run}-${String(i).padStart(6, '0')}`, authority, p.id, channel, 'VICTIM', status, received, acknowledged,
        notPursued ? null : met ? 'THRESHOLD_MET' : 'THRESHOLD_NOT_MET', decidedAt, authority, received, true,
        notPursued ? 'WITHDRAWN_BY_APPLICANT' : null, inReview ? decidedAt : null, outcomeSent, pgArray(agreed), agreed.length ? 'ASB lead officer' : null,
        agreed.length ? outcomeSent : null, notPursued ? new Date(acknowledged.getTime() + DAY) : null, recordKey(),
      ]);
      if (inReview) {
        reviews++;
        const panel = [authority, p.force.police, p.force.housing];
        reviewRows.push([
          randomUUID(), id, pgArray(panel), authority, outcomeSent ? (agreed.length ? 'ACTION_PLAN' : 'OUTCOME_SENT') : 'OPEN', decidedAt, decidedAt, authority, p.id,
          pgArray(panel), outcomeSent,
        ]);
      }
    });
    log(`applications: ${appRows.length}, case reviews: ${reviews}`);
    await copy(
      '"triggers"."trigger_application"',
      ['id', 'reference', 'authority_agency_id', 'applicant_person_id', 'channel', 'applicant_type', 'status', 'received_at', 'acknowledged_at', 'decision', 'decided_at',
        'recorded_by_agency_id', 'created_at', 'consent_to_share', 'not_pursued_reason', 'review_started_at', 'outcome_sent_at', 'agreed_actions', 'lead_officer', 'action_plan_at', 'closed_at', 'record_key'],
      appRows,
    );
    await copy(
      '"reviews"."case_review"',
      ['id', 'application_id', 'panel_agency_ids', 'chair_agency_id', 'status', 'meeting_at', 'opened_at', 'opened_by_agency_id', 'subject_person_id', 'involved_agency_ids', 'outcome_sent_at'],
      reviewRows,
    );
    await client.query('commit');
    log('analysing tables');
    await client.query('analyze "incidents"."incident", "incidents"."incident_monthly_count", "triggers"."trigger_application", "reviews"."case_review", "consent"."person"');
    return {
      agencies: agencyRows.length, areas: nextArea, people: peopleCount, incidents: n, applications: appRows.length, reviews,
      seconds: Number(((performance.now() - started) / 1000).toFixed(1)),
    };
  } catch (err) {
    await client.query('rollback').catch(() => undefined);
    throw err;
  } finally {
    await client.end();
  }
}
