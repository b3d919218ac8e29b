import { createHmac } from 'node:crypto';
import { errors as joseErrors, jwtVerify, SignJWT } from 'jose';
import type { HubConfig } from './config';

/**
 * The applicant's own page is opened by a signed, expiring link (no account): a JWT (HS256) naming
 * the application, the person who applied and the authority, under a key of its own derived from
 * SERVICE_SECRET (so it is neither a user token nor a service credential, and passes as neither).
 * Whoever holds the link sees that one application; nothing in it can be changed without the key.
 * The triggers subgraph signs it when it writes the acknowledgement (CT1, the e-mail), the gateway's
 * applicant page (gateway/apply/) checks it.
 */
const AUDIENCE = 'applicant-page';
const keyOf = (c: Pick<HubConfig, 'SERVICE_SECRET'>) => createHmac('sha256', c.SERVICE_SECRET).update('asb-hub applicant link v1').digest();
const issuerOf = (c: Pick<HubConfig, 'JWT_ISSUER'>) => `${c.JWT_ISSUER}-applicant`;

export interface ApplicantLink {
  applicationId: string;
  personId: string;
  authorityId: string;
}

export async function signApplicantLink(c: Pick<HubConfig, 'SERVICE_SECRET' | 'JWT_ISSUER'>, link: ApplicantLink, days: number, now = new Date()): Promise<{ token: string; expiresAt: Date }> {
  const expiresAt = new Date(now.getTime() + days * 86_400_000);
  const token = await new SignJWT({ app: link.applicationId, pid: link.personId, auth: link.authorityId })
    .setProtectedHeader({ alg: 'HS256' })
    .setIssuer(issuerOf(c))
    .setAudience(AUDIENCE)
    .setIssuedAt(Math.floor(now.getTime() / 1000))
    .setExpirationTime(Math.floor(expiresAt.getTime() / 1000))
    .sign(keyOf(c));
  return { token, expiresAt };
}

export type LinkCheck = { ok: true; link: ApplicantLink } | { ok: false; reason: 'invalid' | 'expired' };

export async function verifyApplicantLink(c: Pick<HubConfig, 'SERVICE_SECRET' | 'JWT_ISSUER'>, token: string): Promise<LinkCheck> {
  if (token.length > 2000) return { ok: false, reason: 'invalid' };
  try {
    const { payload } = await jwtVerify(token, keyOf(c), { issuer: issuerOf(c), audience: AUDIENCE, algorithms: ['HS256'], requiredClaims: ['exp'] });
    const { app, pid, auth } = payload as Record<string, unknown>;
    if (typeof app !== 'string' || typeof pid !== 'string' || typeof auth !== 'string') return { ok: false, reason: 'invalid' };
    return { ok: true, link: { applicationId: app, personId: pid, authorityId: auth } };
  } catch (err) {
    return { ok: false, reason: err instanceof joseErrors.JWTExpired ? 'expired' : 'invalid' };
  }
}

/** The applicant's page for a link, as a path on the hub (gateway/apply/router.ts serves it). */
export const applicantPagePath = (authorityId: string, token: string) => `/apply/${authorityId}/status/${token}`;
