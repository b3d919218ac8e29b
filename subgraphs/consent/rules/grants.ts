import type { EntityManager } from '@mikro-orm/postgresql';
import { Purpose } from '../../shared/enums';
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

/** Revokes every grant in force that matches; returns how many. The caller flushes. */
export async function revokeGrants(em: EntityManager, where: { consentId?: string; reviewId?: string; id?: string }, reason: string, now = new Date()): Promise<AccessGrant[]> {
  const grants = await em.find(AccessGrant, { ...where, revokedAt: null });
  for (const g of grants) {
    g.revokedAt = now;
    g.revokedReason = reason;
  }
  return grants;
}
