import { z } from 'zod';
import { AgencyKind } from '../entities/Agency';

/**
 * Agencies as an admin registers and keeps them (docs/design.md, "Entities"): a readable slug,
 * the name a victim knows, its kind and area, whether it is an authority (a district or unitary
 * council whose SPOC runs the Community Trigger), and how to reach its teams. Only a council is an
 * authority. Pure: validated here, written by the resolver.
 */
/** An empty optional value is no value. */
const optional = <T extends z.ZodTypeAny>(schema: T) => z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? null : v), schema.nullish());

const contact = z
  .object({
    name: z.string().trim().min(1, 'is required').max(200),
    // Short numbers too (101, 111).
    phone: optional(
      z
        .string()
        .trim()
        .regex(/^[+\d][\d\s()-]{2,20}$/, 'is not a phone number'),
    ),
    email: optional(z.string().trim().email('is not an email address').max(200)),
    web: optional(z.string().trim().url('is not a web address').max(300)),
    purpose: optional(z.string().trim().max(300)),
  })
  .transform((c) => ({ name: c.name, phone: c.phone || null, email: c.email || null, web: c.web || null, purpose: c.purpose || null }))
  .refine((c) => c.phone || c.email || c.web, { message: 'needs a phone number, an email or a web address' });

const fields = {
  name: z.string().trim().min(1, 'is required').max(200),
  kind: z.nativeEnum(AgencyKind),
  area: z
    .string()
    .trim()
    .toLowerCase()
    .min(1, 'is required')
    .max(100)
    .regex(/^[a-z0-9][a-z0-9 -]*$/, 'must be a lower-case area name, e.g. kent'),
  isAuthority: z.boolean(),
  contacts: z.array(contact).max(20),
};

const authorityIsCouncil = (v: { kind?: AgencyKind; isAuthority?: boolean }) => !v.isAuthority || v.kind === AgencyKind.COUNCIL;
const councilIssue = { message: 'only a council is an authority (its SPOC runs the Community Trigger)', path: ['isAuthority'] };

export const agencyRegistrationSchema = z
  .object({
    id: z
      .string()
      .trim()
      .regex(/^[a-z0-9][a-z0-9-]{1,79}$/, 'must be a lower-case slug, e.g. kent-fire'),
    ...fields,
    isAuthority: fields.isAuthority.default(false),
    contacts: fields.contacts.default([]),
  })
  .refine(authorityIsCouncil, councilIssue);

export const agencyUpdateSchema = z.object({
  name: fields.name.nullish(),
  kind: fields.kind.nullish(),
  area: fields.area.nullish(),
  isAuthority: fields.isAuthority.nullish(),
  contacts: fields.contacts.nullish(),
});

export type AgencyUpdate = z.infer<typeof agencyUpdateSchema>;

/** The agency after an update: only the fields given change; the result must still hold (an authority is a council). */
export function applyAgencyUpdate<A extends { name: string; kind: AgencyKind; area: string; isAuthority: boolean; contacts: unknown[] }>(
  agency: A,
  update: AgencyUpdate,
): A {
  const next = { ...agency };
  if (update.name != null) next.name = update.name;
  if (update.kind != null) next.kind = update.kind;
  if (update.area != null) next.area = update.area;
  if (update.isAuthority != null) next.isAuthority = update.isAuthority;
  if (update.contacts != null) next.contacts = update.contacts;
  return next;
}

export const isValidAuthority = authorityIsCouncil;
