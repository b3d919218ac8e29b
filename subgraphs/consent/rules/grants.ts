import type { EntityManager } from '@mikro-orm/postgresql';
import { DataCategory, Purpose } from '../../shared/enums';
import { AccessGrant } from '../entities/AccessGrant';
import { Consent, ConsentStatus, LawfulBasis } from '../entities/Consent';

/**
 * Issuing and revoking access grants. A review's grants are exactly what the person's active
 * consents for CASE_REVIEW cover: panel agency × consented category, each naming its consent and
 * the review, valid until the consent expires (or the review closes: closing revokes them).
 */
export interface ReviewGrantRequest {
  reviewId: string;
  personIds: string[];
  agencyIds: string[];
  issuedBy: string;
  until?: Date | null;
}

export async function issueReviewGrants(em: EntityManager, req: ReviewGrantRequest, now = new Date()): Promise<AccessGrant[]> {
  const consents = await em.find(Consent, { person: { $in: req.personIds }, lawfulBasis: LawfulBasis.CONSENT });
  const existing = await em.find(AccessGrant, { reviewId: req.reviewId, revokedAt: null });
  const have = new Set(existing.map((g) => `${g.agencyId}|${g.personId}|${g.category}`));
  const issued: AccessGrant[] = [];
  for (const c of consents) {
    if (c.statusAt(now) !== ConsentStatus.ACTIVE || !c.purposes.includes(Purpose.CASE_REVIEW)) continue;
    for (const agencyId of req.agencyIds.filter((a) => c.recipientAgencyIds.includes(a))) {
      for (const category of c.categories) {
        const key = `${agencyId}|${c.person.id}|${category}`;
        if (have.has(key)) continue;
        have.add(key);
        const until = [req.until, c.expiresAt].filter((d): d is Date => !!d).sort((a, b) => a.getTime() - b.getTime())[0] ?? null;
        issued.push(
          em.create(AccessGrant, {
            agencyId, personId: c.person.id, category, purpose: Purpose.CASE_REVIEW, basis: LawfulBasis.CONSENT,
            consentId: c.id, reviewId: req.reviewId, issuedBy: req.issuedBy, validFrom: now, validUntil: until,
          }),
        );
      }
    }
  }
  return issued;
}

/**
 * A Community Trigger application rests on the consent of the person it is about: one given on the
 * consent basis, in force now (not withdrawn, superseded or expired), for CASE_REVIEW (or the purpose
 * asked), naming the authority among its recipients.
 */
export interface ApplicationConsentQuery {
  personId: string;
  authorityAgencyId: string;
  purpose: Purpose;
  /** The consent the SPOC named; when given, only that one will do. */
  consentId?: string | null;
}

export function consentServesApplication(c: Consent, q: ApplicationConsentQuery, now = new Date()): boolean {
  return (
    c.person.id === q.personId &&
    c.lawfulBasis === LawfulBasis.CONSENT &&
    c.statusAt(now) === ConsentStatus.ACTIVE &&
    c.purposes.includes(q.purpose) &&
    c.recipientAgencyIds.includes(q.authorityAgencyId)
  );
}

/** The consent the application rests on: the named one if it serves, else the newest that does; null if none. */
export function pickApplicationConsent(consents: Consent[], q: ApplicationConsentQuery, now = new Date()): Consent | null {
  const candidates = q.consentId ? consents.filter((c) => c.id === q.consentId) : consents;
  return (
    candidates
      .filter((c) => consentServesApplication(c, q, now))
      .sort((a, b) => b.grantedAt.getTime() - a.grantedAt.getTime() || a.id.localeCompare(b.id))[0] ?? null
  );
}

/**
 * What the authority's SPOC needs to handle the application and check the threshold: the person's
 * identity and contact details and the other agencies' incident detail, as far as the consent
 * covers them. Special category data is never granted for the application (only a review panel's
 * grants can carry it, when the consent names it).
 */
export const APPLICATION_GRANT_CATEGORIES: readonly DataCategory[] = [DataCategory.IDENTITY, DataCategory.CONTACT, DataCategory.INCIDENT_DETAIL];

export const applicationGrantCategories = (c: Consent): DataCategory[] => APPLICATION_GRANT_CATEGORIES.filter((cat) => c.categories.includes(cat));

export interface ApplicationGrantRequest {
  applicationId: string;
  consentId: string;
  authorityAgencyId: string;
  issuedBy: string;
}

/**
 * The grants of an accepted application: the authority × each category of applicationGrantCategories,
 * resting on the consent and naming the application, valid until the consent expires. Idempotent
 * (grants already in force are kept). Null when the consent no longer serves the application
 * (withdrawn meanwhile, say): nothing is issued. The caller flushes.
 */
export async function issueApplicationGrants(em: EntityManager, req: ApplicationGrantRequest, now = new Date()): Promise<AccessGrant[] | null> {
  const consent = await em.findOne(Consent, { id: req.consentId });
  if (!consent || !consentServesApplication(consent, { personId: consent.person.id, authorityAgencyId: req.authorityAgencyId, purpose: Purpose.CASE_REVIEW }, now)) return null;
  const existing = await em.find(AccessGrant, { applicationId: req.applicationId, revokedAt: null });
  const have = new Set(existing.map((g) => `${g.agencyId}|${g.personId}|${g.category}`));
  return applicationGrantCategories(consent)
    .filter((category) => !have.has(`${req.authorityAgencyId}|${consent.person.id}|${category}`))
    .map((category) =>
      em.create(AccessGrant, {
        agencyId: req.authorityAgencyId, personId: consent.person.id, category, purpose: Purpose.CASE_REVIEW, basis: LawfulBasis.CONSENT,
        consentId: consent.id, applicationId: req.applicationId, issuedBy: req.issuedBy, validFrom: now, validUntil: consent.expiresAt ?? null,
      }),
    );
}

/** Revokes every grant in force that matches; returns how many. The caller flushes. */
export async function revokeGrants(
  em: EntityManager,
  where: { consentId?: string; reviewId?: string; applicationId?: string; id?: string },
  reason: string,
  now = new Date(),
): Promise<AccessGrant[]> {
  const grants = await em.find(AccessGrant, { ...where, revokedAt: null });
  for (const g of grants) {
    g.revokedAt = now;
    g.revokedReason = reason;
  }
  return grants;
}
