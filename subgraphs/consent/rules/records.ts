import { DataCategory, Purpose } from '../../shared/enums';
import { LawfulBasis } from '../entities/Consent';

/**
 * The DPO's records, generated from what the hub holds: a consent receipt per consent (the fields of
 * ISO/IEC TS 27560, with the W3C Data Privacy Vocabulary terms), and the UK GDPR Art. 30 record of
 * processing activities from the data sharing agreements, the categories, purposes and retention.
 * Pure: the resolver loads the records.
 */
export const DPV_CATEGORY: Record<DataCategory, string> = {
  [DataCategory.IDENTITY]: 'dpv-pd:Identifying',
  [DataCategory.CONTACT]: 'dpv-pd:Contact',
  [DataCategory.SPECIAL_CATEGORY]: 'dpv-pd:Health',
  [DataCategory.INCIDENT_DETAIL]: 'dpv-pd:Behavioral',
};
export const DPV_PURPOSE: Record<Purpose, string> = {
  [Purpose.CASE_REVIEW]: 'dpv:PublicBenefit',
  [Purpose.CASE_MANAGEMENT]: 'dpv:ServiceProvision',
};
export const DPV_LEGAL_BASIS: Record<LawfulBasis, string> = {
  [LawfulBasis.CONSENT]: 'dpv-gdpr:A6-1-a',
  [LawfulBasis.LEGAL_OBLIGATION]: 'dpv-gdpr:A6-1-c',
  [LawfulBasis.VITAL_INTERESTS]: 'dpv-gdpr:A6-1-d',
  [LawfulBasis.PUBLIC_TASK]: 'dpv-gdpr:A6-1-e',
};
/** Art. 9 condition for special category data shared on the person's explicit consent. */
export const DPV_SPECIAL_CONSENT = 'dpv-gdpr:A9-2-a';

export const PURPOSE_WORDS: Record<Purpose, string> = {
  [Purpose.CASE_REVIEW]: 'ASB case review (Community Trigger): reviewing the response to the reported anti-social behaviour and agreeing actions',
  [Purpose.CASE_MANAGEMENT]: 'Managing the ASB case: handling the reports and the application',
};

export interface ReceiptParty {
  agencyId: string;
  name: string;
}

export interface ReceiptInput {
  consent: {
    id: string; personId: string; purposes: Purpose[]; categories: DataCategory[]; recipientAgencyIds: string[]; lawfulBasis: LawfulBasis;
    captureMethod: string; capturedBy: string; capturedByAgencyId: string; noticeVersion: string; grantedAt: Date; expiresAt?: Date | null;
    withdrawnAt?: Date | null; status: string;
  };
  controller: ReceiptParty;
  recipients: ReceiptParty[];
  now: Date;
}

/** The receipt's content (field names follow ISO/IEC TS 27560 and the Kantara consent receipt it grew from). */
export function consentReceipt(r: ReceiptInput) {
  const c = r.consent;
  const special = c.categories.includes(DataCategory.SPECIAL_CATEGORY);
  return {
    schemaVersion: 'ISO/IEC TS 27560:2023',
    receiptId: `receipt-${c.id}`,
    consentId: c.id,
    issuedAt: r.now,
    jurisdiction: 'GB',
    language: 'en',
    piiPrincipalId: c.personId,
    piiControllers: [{ agencyId: r.controller.agencyId, name: r.controller.name, role: 'controller', contact: `Data Protection Officer, ${r.controller.name}` }],
    consentGivenAt: c.grantedAt,
    collectionMethod: c.captureMethod,
    collectedBy: c.capturedBy,
    privacyNoticeVersion: c.noticeVersion,
    consentType: special ? 'EXPLICIT' : 'EXPRESSED',
    legalBasis: c.lawfulBasis,
    dpvLegalBasis: [DPV_LEGAL_BASIS[c.lawfulBasis], ...(special ? [DPV_SPECIAL_CONSENT] : [])],
    purposes: c.purposes.map((p) => ({ purpose: p, description: PURPOSE_WORDS[p], dpvPurpose: DPV_PURPOSE[p] })),
    piiCategories: c.categories.map((cat) => ({ category: cat, dpvCategory: DPV_CATEGORY[cat], sensitive: cat === DataCategory.SPECIAL_CATEGORY })),
    sensitivePii: special,
    recipients: r.recipients.map((a) => ({ agencyId: a.agencyId, name: a.name })),
    expiresAt: c.expiresAt ?? null,
    status: c.status,
    withdrawnAt: c.withdrawnAt ?? null,
    withdrawalMethod: 'Tell the agency that recorded the consent, by any means; the hub stops sharing on the next request',
  };
}

export interface AgreementForRecord {
  reference: string; title: string; parties: string[]; partyDpos: string[]; purposes: Purpose[]; categories: DataCategory[];
  lawfulBasis: LawfulBasis; legalGateway: string; retention: string; startsOn: string; endsOn: string;
}

const SECURITY =
  'Access decided per person, category and supplying agency by the policy decision point and denied by default (docs/access-rules.md); every decision and processing step in a keyed, append-only access log with signed checkpoints; signed tokens; TLS between parts in deployment.';
const SUBJECTS = 'Victims, applicants and other people named in anti-social behaviour reports and Community Trigger applications';

/** The Art. 30 record: one activity per agreement, one for sharing on consent, and the hub's own collection and retention. */
export function recordOfProcessing(agreements: AgreementForRecord[], names: Map<string, string>, retentionMonths: number) {
  const name = (id: string) => names.get(id) ?? id;
  const fromAgreements = agreements.map((a) => ({
    id: `agreement:${a.reference}`,
    name: a.title,
    controllers: a.parties.map(name),
    dpoContacts: a.partyDpos,
    purposes: a.purposes.map((p) => PURPOSE_WORDS[p]),
    lawfulBasis: `${a.lawfulBasis} (${DPV_LEGAL_BASIS[a.lawfulBasis]})`,
    legalGateway: a.legalGateway,
    dataSubjects: SUBJECTS,
    categories: a.categories,
    recipients: a.parties.map(name),
    transfersOutsideUk: 'None',
    retention: a.retention,
    securityMeasures: SECURITY,
    source: `Data sharing agreement ${a.reference}, in force ${a.startsOn} to ${a.endsOn}`,
  }));
  const all = [...names.keys()].map(name);
  return [
    ...fromAgreements,
    {
      id: 'consent:case-review',
      name: 'Sharing with a case review panel on the person’s consent',
      controllers: all,
      dpoContacts: all.map((n) => `Data Protection Officer, ${n}`),
      purposes: [PURPOSE_WORDS[Purpose.CASE_REVIEW]],
      lawfulBasis: `CONSENT (${DPV_LEGAL_BASIS[LawfulBasis.CONSENT]}); special category on explicit consent (${DPV_SPECIAL_CONSENT})`,
      legalGateway: 'The person’s consent, recorded with the privacy notice version shown (consent receipts)',
      dataSubjects: SUBJECTS,
      categories: Object.values(DataCategory),
      recipients: ['The agencies the person named as recipients, while a review panel including them is open'],
      transfersOutsideUk: 'None',
      retention: 'Until the review closes, the consent is withdrawn or it expires (access); records as the supplying agency keeps them',
      securityMeasures: SECURITY,
      source: 'Consent records',
    },
    {
      id: 'hub:incidents',
      name: 'Receiving incident reports from partner agencies’ systems',
      controllers: all,
      dpoContacts: all.map((n) => `Data Protection Officer, ${n}`),
      purposes: [PURPOSE_WORDS[Purpose.CASE_MANAGEMENT]],
      lawfulBasis: `PUBLIC_TASK (${DPV_LEGAL_BASIS[LawfulBasis.PUBLIC_TASK]})`,
      legalGateway: 'Anti-social Behaviour, Crime and Policing Act 2014 s.104; Crime and Disorder Act 1998 s.115',
      dataSubjects: SUBJECTS,
      categories: [DataCategory.IDENTITY, DataCategory.CONTACT, DataCategory.INCIDENT_DETAIL],
      recipients: ['The supplying agency only, unless a grant or consent allows another'],
      transfersOutsideUk: 'None',
      retention: `Personal detail removed from incidents after ${retentionMonths} months (npm run retention); counts kept for statistics`,
      securityMeasures: SECURITY,
      source: 'submitIncidents and npm run ingest',
    },
  ];
}
