import { z } from 'zod/v4';
import { AsbCategory, IncidentSource } from '../../shared/enums';
import { fieldErrors, type FieldError } from '../../shared/validation';
import type { IncidentAction } from '../entities/Incident';

/**
 * Validation of submitted incident records (the GraphQL `IncidentInput`, or the same shape read from
 * a file by the ingest command), per source. Messages name what is wrong, never the value.
 */
export const MAX_BATCH = 1_000;
const SKEW_MS = 5 * 60_000;

const text = (max: number) => z.string().trim().min(1, 'must not be empty').max(max, `must be at most ${max} characters`);
const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, `must be at most ${max} characters`)
    .nullish()
    .transform((v) => (v ? v : null));
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/;
const INSTANT = 'must be an ISO 8601 date-time with offset, e.g. 2026-03-02T22:15:00Z';
// A preprocess, not a union: unions try every branch and cost several times more per record.
const instant = z
  .preprocess((v) => (typeof v === 'string' && ISO_INSTANT.test(v) ? new Date(v) : v), z.date({ error: INSTANT }))
  .refine((d) => !Number.isNaN(d.getTime()), INSTANT);

const POSTCODE = /^[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}$/i;
const person = z.object({
  givenName: optionalText(100),
  familyName: optionalText(100),
  dateOfBirth: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD')
    .refine((d) => d <= new Date().toISOString().slice(0, 10), 'cannot be in the future')
    .nullish()
    .transform((v) => v ?? null),
  postcode: z
    .string()
    .trim()
    .regex(POSTCODE, 'is not a UK postcode')
    .nullish()
    .transform((v) => (v ? v.replace(/\s+/g, '').toUpperCase().replace(/^(.+)(.{3})$/, '$1 $2') : null)),
  address: optionalText(300),
  personRef: optionalText(100),
})
  .superRefine((p, ctx) => {
    if (!p.personRef && (!p.givenName || !p.familyName)) {
      ctx.addIssue({ code: 'custom', path: ['familyName'], message: 'a person needs a given and a family name, or the agency person reference' });
    }
  });
export type ReportedPerson = z.infer<typeof person>;

const location = z
  .object({
    address: optionalText(300),
    uprn: z
      .string()
      .trim()
      .regex(/^\d{1,12}$/, 'must be a UPRN (up to 12 digits)')
      .nullish()
      .transform((v) => v ?? null),
    latitude: z.number().min(49, 'is outside Great Britain').max(61, 'is outside Great Britain').nullish().transform((v) => v ?? null),
    longitude: z.number().min(-9, 'is outside Great Britain').max(2.5, 'is outside Great Britain').nullish().transform((v) => v ?? null),
    lsoaCode: z
      .string()
      .trim()
      .regex(/^[EW]0\d{7}$/, 'must be an LSOA code such as E01024503')
      .nullish()
      .transform((v) => v ?? null),
  })
  .superRefine((l, ctx) => {
    if ((l.latitude === null) !== (l.longitude === null)) {
      ctx.addIssue({ code: 'custom', path: [l.latitude === null ? 'latitude' : 'longitude'], message: 'latitude and longitude go together' });
    }
  });

const action = z.object({ at: instant, action: text(300), by: optionalText(100) });

const police = z.object({ crimeReference: optionalText(60), attendingOfficer: optionalText(60), district: optionalText(100) }).strict();
const housing = z.object({ tenancyRef: text(60), caseRef: text(60), officer: optionalText(100) }).strict();
const warden = z.object({ patrolId: text(60), wardenId: optionalText(60), observation: optionalText(4000) }).strict();

const base = z.object({
  sourceRef: text(120),
  category: z.enum(AsbCategory, { error: 'must be PERSONAL, NUISANCE or ENVIRONMENTAL' }),
  subType: optionalText(100),
  occurredAt: instant.refine((d) => d.getTime() <= Date.now() + SKEW_MS, 'cannot be in the future'),
  reportedAt: instant.nullish().transform((v) => v ?? null),
  description: optionalText(4000),
  location: location.nullish().transform((v) => v ?? null),
  reporter: person.nullish().transform((v) => v ?? null),
  peopleInvolved: z.array(person).max(20, 'at most 20 people').nullish().transform((v) => v ?? []),
  actions: z.array(action).max(50, 'at most 50 actions').nullish().transform((v) => v ?? []),
  police: police.nullish().transform((v) => v ?? null),
  housing: housing.nullish().transform((v) => v ?? null),
  warden: warden.nullish().transform((v) => v ?? null),
});

const parts = { POLICE: 'police', HOUSING: 'housing', WARDEN: 'warden' } as const;

function recordSchema(source: IncidentSource) {
  return base.superRefine((r, ctx) => {
    for (const [s, part] of Object.entries(parts)) {
      if (s !== source && r[part]) ctx.addIssue({ code: 'custom', path: [part], message: `does not belong to a ${source} record` });
    }
    if (r.reportedAt && r.reportedAt.getTime() < r.occurredAt.getTime()) ctx.addIssue({ code: 'custom', path: ['reportedAt'], message: 'cannot be before occurredAt' });
    const where = r.location;
    const located = !!where && !!(where.address || where.uprn || where.latitude !== null);
    switch (source) {
      case IncidentSource.POLICE:
        if (!located) ctx.addIssue({ code: 'custom', path: ['location'], message: 'a police record needs an address, a UPRN or coordinates' });
        break;
      case IncidentSource.HOUSING:
        if (!r.housing) ctx.addIssue({ code: 'custom', path: ['housing'], message: 'a housing record needs its tenancy and case references' });
        if (!where?.uprn) ctx.addIssue({ code: 'custom', path: ['location', 'uprn'], message: 'a housing record needs the property UPRN' });
        break;
      case IncidentSource.WARDEN:
        if (!r.warden) ctx.addIssue({ code: 'custom', path: ['warden'], message: 'a warden record needs its patrol id' });
        if (!located) ctx.addIssue({ code: 'custom', path: ['location'], message: 'a warden record needs an address or coordinates' });
        if (!r.description && !r.warden?.observation) ctx.addIssue({ code: 'custom', path: ['warden', 'observation'], message: 'a warden record needs the observation' });
        break;
    }
  });
}

export type ValidRecord = z.infer<typeof base>;

/** A valid record as it will be stored (people still to be resolved to Person ids). */
export interface NormalisedRecord {
  index: number;
  sourceRef: string;
  category: AsbCategory;
  subType: string | null;
  occurredAt: Date;
  reportedAt: Date;
  description: string | null;
  location: string | null;
  uprn: string | null;
  latitude: number | null;
  longitude: number | null;
  lsoaCode: string | null;
  reporter: ReportedPerson | null;
  peopleInvolved: ReportedPerson[];
  actions: IncidentAction[];
  sourceDetails: Record<string, unknown>;
}

export type Checked = { ok: true; record: NormalisedRecord } | { ok: false; sourceRef: string | null; errors: FieldError[] };

const schemas = new Map<IncidentSource, ReturnType<typeof recordSchema>>();

export function checkRecord(source: IncidentSource, input: unknown, index: number): Checked {
  let schema = schemas.get(source);
  if (!schema) schemas.set(source, (schema = recordSchema(source)));
  const parsed = schema.safeParse(input);
  if (!parsed.success) {
    const ref = (input as { sourceRef?: unknown } | null)?.sourceRef;
    return { ok: false, sourceRef: typeof ref === 'string' ? ref.trim().slice(0, 120) || null : null, errors: fieldErrors(parsed.error.issues as Array<{ path: (string | number)[]; message: string }>) };
  }
  const r = parsed.data;
  const part = r.police ?? r.housing ?? r.warden ?? {};
  const sourceDetails = Object.fromEntries(Object.entries(part).filter(([k, v]) => v !== null && !(source === IncidentSource.WARDEN && k === 'observation' && !r.description)));
  return {
    ok: true,
    record: {
      index,
      sourceRef: r.sourceRef,
      category: r.category,
      subType: r.subType,
      occurredAt: r.occurredAt,
      reportedAt: r.reportedAt ?? r.occurredAt,
      description: r.description ?? r.warden?.observation ?? null,
      location: r.location?.address ?? null,
      uprn: r.location?.uprn ?? null,
      latitude: r.location?.latitude ?? null,
      longitude: r.location?.longitude ?? null,
      lsoaCode: r.location?.lsoaCode ?? null,
      reporter: r.reporter,
      peopleInvolved: r.peopleInvolved,
      actions: r.actions
        .map((a) => ({ at: a.at.toISOString(), action: a.action, by: a.by }))
        .sort((a, b) => a.at.localeCompare(b.at) || a.action.localeCompare(b.action)),
      sourceDetails,
    },
  };
}
