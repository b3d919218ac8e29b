import { AgencyKind } from '../subgraphs/consent/entities/Agency';
import { CaptureMethod, LawfulBasis } from '../subgraphs/consent/entities/Consent';
import { ApplicantType, ApplicationChannel, AsbCategory, DataCategory, IncidentSource, Purpose, TriggerDecision } from '../subgraphs/shared/enums';

/**
 * The demo partnership: three areas (Kent, Hertfordshire, Derbyshire), their agencies, a few
 * people with consents, incidents from all three sources, one application over the threshold (in
 * review) and one under it. Ids are fixed so that the README's queries work; dates are relative to
 * the day the data is loaded so that the six-month windows always hold.
 */
export const DEMO = {
  people: {
    alice: '0a11ce00-0000-4000-8000-000000000001',
    bob: '0b0b0000-0000-4000-8000-000000000002',
    carol: '0ca201e0-0000-4000-8000-000000000003',
    david: '0da71d00-0000-4000-8000-000000000004',
  },
  applications: {
    aliceSevenoaks: 'a0000000-0000-4000-8000-0000000000a1',
    bobSevenoaks: 'a0000000-0000-4000-8000-0000000000b2',
  },
  reviews: {
    aliceReview: 'c0000000-0000-4000-8000-0000000000c1',
  },
} as const;

/**
 * Each partnership has the agencies to hold a first-stage review and a separate second-stage one
 * (at least six: the council, police, two housing providers, wardens or health, the fire service,
 * the PCC's office). Contacts are the teams' (demo addresses), kept by an admin (registerAgency).
 */
const team = (name: string, email: string, purpose: string, phone?: string) => ({ name, email, purpose, phone: phone ?? null, web: null });
export const agencies = [
  { id: 'kent-police', name: 'Kent Police', kind: AgencyKind.POLICE, area: 'kent', isAuthority: false, contacts: [team('ASB and Community Safety', 'asb@kent-police.example', 'Case review information requests', '101')] },
  { id: 'sevenoaks-dc', name: 'Sevenoaks District Council', kind: AgencyKind.COUNCIL, area: 'kent', isAuthority: true, contacts: [team('Community Safety Unit', 'community.safety@sevenoaks.example', 'ASB Case Review applications and referrals', '01732 227000')] },
  { id: 'kent-wardens', name: 'Kent Community Wardens', kind: AgencyKind.WARDEN, area: 'kent', isAuthority: false, contacts: [] },
  { id: 'west-kent-housing', name: 'West Kent Housing Association', kind: AgencyKind.HOUSING, area: 'kent', isAuthority: false, contacts: [team('Tenancy Enforcement', 'asb@westkent.example', 'ASB reports by tenants')] },
  { id: 'moat-homes', name: 'Moat Homes', kind: AgencyKind.HOUSING, area: 'kent', isAuthority: false, contacts: [] },
  { id: 'kent-mental-health', name: 'Kent and Medway Mental Health Partnership', kind: AgencyKind.HEALTH, area: 'kent', isAuthority: false, contacts: [] },
  { id: 'kent-fire', name: 'Kent Fire and Rescue Service', kind: AgencyKind.FIRE, area: 'kent', isAuthority: false, contacts: [] },
  { id: 'kent-pcc', name: 'Office of the Kent Police and Crime Commissioner', kind: AgencyKind.PCC, area: 'kent', isAuthority: false, contacts: [team('Victim Services', 'contactus@kent-pcc.example', 'Independent members of second-stage reviews')] },
  { id: 'east-herts-dc', name: 'East Hertfordshire District Council', kind: AgencyKind.COUNCIL, area: 'hertfordshire', isAuthority: true, contacts: [team('Community Safety Team', 'community.safety@eastherts.example', 'ASB Case Review applications and referrals', '01279 655261')] },
  { id: 'herts-police', name: 'Hertfordshire Constabulary', kind: AgencyKind.POLICE, area: 'hertfordshire', isAuthority: false, contacts: [] },
  { id: 'herts-housing', name: 'Hertfordshire Housing Partnership', kind: AgencyKind.HOUSING, area: 'hertfordshire', isAuthority: false, contacts: [] },
  { id: 'network-homes', name: 'Network Homes', kind: AgencyKind.HOUSING, area: 'hertfordshire', isAuthority: false, contacts: [] },
  { id: 'herts-health', name: 'Hertfordshire Partnership University NHS Foundation Trust', kind: AgencyKind.HEALTH, area: 'hertfordshire', isAuthority: false, contacts: [] },
  { id: 'herts-fire', name: 'Hertfordshire Fire and Rescue Service', kind: AgencyKind.FIRE, area: 'hertfordshire', isAuthority: false, contacts: [] },
  { id: 'herts-pcc', name: 'Office of the Hertfordshire Police and Crime Commissioner', kind: AgencyKind.PCC, area: 'hertfordshire', isAuthority: false, contacts: [] },
  { id: 'amber-valley-bc', name: 'Amber Valley Borough Council', kind: AgencyKind.COUNCIL, area: 'derbyshire', isAuthority: true, contacts: [team('Community Safety Team', 'community.safety@ambervalley.example', 'ASB Case Review applications and referrals', '01773 570222')] },
  { id: 'derbyshire-police', name: 'Derbyshire Constabulary', kind: AgencyKind.POLICE, area: 'derbyshire', isAuthority: false, contacts: [] },
  { id: 'futures-housing', name: 'Futures Housing Group', kind: AgencyKind.HOUSING, area: 'derbyshire', isAuthority: false, contacts: [] },
  { id: 'platform-housing', name: 'Platform Housing Group', kind: AgencyKind.HOUSING, area: 'derbyshire', isAuthority: false, contacts: [] },
  { id: 'derbyshire-health', name: 'Derbyshire Healthcare NHS Foundation Trust', kind: AgencyKind.HEALTH, area: 'derbyshire', isAuthority: false, contacts: [] },
  { id: 'derbyshire-fire', name: 'Derbyshire Fire and Rescue Service', kind: AgencyKind.FIRE, area: 'derbyshire', isAuthority: false, contacts: [] },
  { id: 'derbyshire-pcc', name: 'Office of the Derbyshire Police and Crime Commissioner', kind: AgencyKind.PCC, area: 'derbyshire', isAuthority: false, contacts: [] },
];

/**
 * People and each agency's record of them (access model v2: personal data belongs to the agency that
 * supplied it). Sevenoaks DC registered Alice; Kent Police and West Kent Housing hold records of her
 * too, each with what it was told (the police a mobile number, the housing association her tenancy address).
 */
export const people = [
  {
    id: DEMO.people.alice, registeredByAgencyId: 'sevenoaks-dc',
    records: [
      {
        agencyId: 'sevenoaks-dc', givenName: 'Alice', familyName: 'Turner', dateOfBirth: '1958-04-12',
        address: '14 Oak Lane, Sevenoaks', postcode: 'TN13 1AA', phone: '01732 000111', email: 'alice.turner@example.org',
        vulnerabilities: ['Lives alone; anxiety made worse by the noise'],
      },
      { agencyId: 'kent-police', givenName: 'Alice', familyName: 'Turner', dateOfBirth: '1958-04-12', postcode: 'TN13 1AA', phone: '07700 900111' },
      { agencyId: 'west-kent-housing', givenName: 'Alice', familyName: 'Turner', dateOfBirth: '1958-04-12', address: 'Flat 2, 14 Oak Lane, Sevenoaks', postcode: 'TN13 1AA' },
    ],
  },
  {
    id: DEMO.people.bob, registeredByAgencyId: 'sevenoaks-dc',
    records: [
      { agencyId: 'sevenoaks-dc', givenName: 'Bob', familyName: 'Hughes', dateOfBirth: '1981-09-30', address: '3 Mill Road, Sevenoaks', postcode: 'TN13 2BB', phone: '01732 000222' },
      { agencyId: 'kent-police', givenName: 'Bob', familyName: 'Hughes', dateOfBirth: '1981-09-30', postcode: 'TN13 2BB' },
    ],
  },
  {
    id: DEMO.people.carol, registeredByAgencyId: 'east-herts-dc',
    records: [
      {
        agencyId: 'east-herts-dc', givenName: 'Carol', familyName: 'Patel', dateOfBirth: '1990-01-05',
        address: '27 Fore Street, Hertford', postcode: 'SG14 1AB', phone: '01992 000333', email: 'carol.patel@example.org',
      },
      { agencyId: 'herts-police', givenName: 'Carol', familyName: 'Patel', dateOfBirth: '1990-01-05', postcode: 'SG14 1AB' },
      { agencyId: 'herts-housing', givenName: 'Carol', familyName: 'Patel', dateOfBirth: '1990-01-05', address: '27 Fore Street, Hertford', postcode: 'SG14 1AB' },
    ],
  },
  {
    id: DEMO.people.david, registeredByAgencyId: 'amber-valley-bc',
    records: [
      { agencyId: 'amber-valley-bc', givenName: 'David', familyName: 'Morgan', dateOfBirth: '1972-06-18', address: '8 Derby Road, Ripley', postcode: 'DE5 3AA', vulnerabilities: ['Wheelchair user'] },
      { agencyId: 'derbyshire-police', givenName: 'David', familyName: 'Morgan', dateOfBirth: '1972-06-18', postcode: 'DE5 3AA' },
    ],
  },
];

const ALICE_PANEL = ['sevenoaks-dc', 'kent-police', 'west-kent-housing', 'kent-wardens', 'kent-mental-health'];

export const consents = [
  {
    id: 'c0115e00-0000-4000-8000-000000000001', personId: DEMO.people.alice,
    purposes: [Purpose.CASE_REVIEW], recipientAgencyIds: ALICE_PANEL,
    categories: [DataCategory.IDENTITY, DataCategory.CONTACT, DataCategory.INCIDENT_DETAIL],
    lawfulBasis: LawfulBasis.CONSENT, captureMethod: CaptureMethod.ONLINE, capturedBy: 'spoc.sevenoaks',
    capturedByAgencyId: 'sevenoaks-dc', noticeVersion: 'CT-privacy-2026-01', grantedDaysAgo: 40,
  },
  {
    id: 'c0115e00-0000-4000-8000-000000000002', personId: DEMO.people.bob,
    purposes: [Purpose.CASE_REVIEW], recipientAgencyIds: ['sevenoaks-dc', 'kent-police', 'west-kent-housing'],
    categories: [DataCategory.IDENTITY, DataCategory.CONTACT],
    lawfulBasis: LawfulBasis.CONSENT, captureMethod: CaptureMethod.PHONE, capturedBy: 'spoc.sevenoaks',
    capturedByAgencyId: 'sevenoaks-dc', noticeVersion: 'CT-privacy-2026-01', grantedDaysAgo: 20,
  },
  {
    id: 'c0115e00-0000-4000-8000-000000000003', personId: DEMO.people.carol,
    purposes: [Purpose.CASE_REVIEW], recipientAgencyIds: ['east-herts-dc', 'herts-police', 'herts-housing'],
    categories: [DataCategory.IDENTITY, DataCategory.CONTACT, DataCategory.INCIDENT_DETAIL],
    lawfulBasis: LawfulBasis.CONSENT, captureMethod: CaptureMethod.WRITING, capturedBy: 'spoc.eastherts',
    capturedByAgencyId: 'east-herts-dc', noticeVersion: 'CT-privacy-2025-07', grantedDaysAgo: 10,
  },
];

interface DemoIncident {
  source: IncidentSource; agencyId: string; sourceRef: string; category: AsbCategory; subType: string;
  occurredDaysAgo: number; reportedAfterHours: number; description: string; location: string; lsoaCode: string;
  reporter: string; actions: Array<{ afterDays: number; action: string; by: string }>;
}

export const incidents: DemoIncident[] = [
  // Alice: four reports over four months to three agencies; the 2nd and 3rd are one night's noise
  // reported to both police and housing.
  { source: IncidentSource.POLICE, agencyId: 'kent-police', sourceRef: 'KP-ASB-2026-10421', category: AsbCategory.PERSONAL, subType: 'Intimidation',
    occurredDaysAgo: 120, reportedAfterHours: 2, description: 'Group gathered outside the home shouting abuse at the resident late at night.',
    location: 'Oak Lane, Sevenoaks', lsoaCode: 'E01024503', reporter: DEMO.people.alice, actions: [{ afterDays: 1, action: 'Officer attended; words of advice given', by: 'PC 4412' }] },
  { source: IncidentSource.POLICE, agencyId: 'kent-police', sourceRef: 'KP-ASB-2026-11877', category: AsbCategory.NUISANCE, subType: 'Noise',
    occurredDaysAgo: 75, reportedAfterHours: 1, description: 'Loud music and banging from the neighbouring flat until 3am.',
    location: 'Oak Lane, Sevenoaks', lsoaCode: 'E01024503', reporter: DEMO.people.alice, actions: [{ afterDays: 2, action: 'Logged; referred to housing provider', by: 'PCSO 7781' }] },
  { source: IncidentSource.HOUSING, agencyId: 'west-kent-housing', sourceRef: 'WKH-CASE-5520', category: AsbCategory.NUISANCE, subType: 'Noise',
    occurredDaysAgo: 75, reportedAfterHours: 30, description: 'Tenant reports loud music from flat 12 through the night.',
    location: '14 Oak Lane, Sevenoaks', lsoaCode: 'E01024503', reporter: DEMO.people.alice, actions: [{ afterDays: 5, action: 'Warning letter to the tenant of flat 12', by: 'Housing officer' }] },
  { source: IncidentSource.WARDEN, agencyId: 'kent-wardens', sourceRef: 'KCW-PATROL-3391', category: AsbCategory.ENVIRONMENTAL, subType: 'Litter and damage',
    occurredDaysAgo: 30, reportedAfterHours: 4, description: 'Bins set alight and rubbish strewn across the resident\u2019s front garden.',
    location: 'Oak Lane, Sevenoaks', lsoaCode: 'E01024503', reporter: DEMO.people.alice, actions: [{ afterDays: 1, action: 'Area cleared; patrols increased', by: 'Warden 12' }] },
  // Bob: two reports only (under the threshold).
  { source: IncidentSource.POLICE, agencyId: 'kent-police', sourceRef: 'KP-ASB-2026-12002', category: AsbCategory.NUISANCE, subType: 'Vehicle nuisance',
    occurredDaysAgo: 50, reportedAfterHours: 3, description: 'Mopeds racing up and down Mill Road in the evening.',
    location: 'Mill Road, Sevenoaks', lsoaCode: 'E01024511', reporter: DEMO.people.bob, actions: [{ afterDays: 3, action: 'Patrol visited; no vehicles found', by: 'PC 2290' }] },
  { source: IncidentSource.POLICE, agencyId: 'kent-police', sourceRef: 'KP-ASB-2026-12650', category: AsbCategory.NUISANCE, subType: 'Vehicle nuisance',
    occurredDaysAgo: 15, reportedAfterHours: 5, description: 'Mopeds again on Mill Road; one mounted the pavement.',
    location: 'Mill Road, Sevenoaks', lsoaCode: 'E01024511', reporter: DEMO.people.bob, actions: [] },
  // Carol (East Herts): three reports to police and housing.
  { source: IncidentSource.POLICE, agencyId: 'herts-police', sourceRef: 'HC-2026-88120', category: AsbCategory.PERSONAL, subType: 'Harassment',
    occurredDaysAgo: 90, reportedAfterHours: 6, description: 'Neighbour repeatedly banging on the door and making threats.',
    location: 'Fore Street, Hertford', lsoaCode: 'E01023330', reporter: DEMO.people.carol, actions: [{ afterDays: 2, action: 'Community protection warning issued', by: 'PC 1180' }] },
  { source: IncidentSource.HOUSING, agencyId: 'herts-housing', sourceRef: 'HHP-7711', category: AsbCategory.PERSONAL, subType: 'Harassment',
    occurredDaysAgo: 60, reportedAfterHours: 12, description: 'Threatening notes pushed through the door.',
    location: '27 Fore Street, Hertford', lsoaCode: 'E01023330', reporter: DEMO.people.carol, actions: [{ afterDays: 7, action: 'Acceptable behaviour contract signed by the neighbour', by: 'Tenancy officer' }] },
  { source: IncidentSource.POLICE, agencyId: 'herts-police', sourceRef: 'HC-2026-90233', category: AsbCategory.PERSONAL, subType: 'Harassment',
    occurredDaysAgo: 20, reportedAfterHours: 2, description: 'Verbal abuse in the stairwell.',
    location: 'Fore Street, Hertford', lsoaCode: 'E01023330', reporter: DEMO.people.carol, actions: [] },
  // David (Derbyshire): one report.
  { source: IncidentSource.POLICE, agencyId: 'derbyshire-police', sourceRef: 'DC-ASB-55012', category: AsbCategory.ENVIRONMENTAL, subType: 'Fly-tipping',
    occurredDaysAgo: 35, reportedAfterHours: 24, description: 'Rubbish dumped blocking the ramp to the front door.',
    location: 'Derby Road, Ripley', lsoaCode: 'E01019300', reporter: DEMO.people.david, actions: [] },
];

export const applications = [
  {
    id: DEMO.applications.aliceSevenoaks, reference: 'SDC-CT-2026-0001', authorityAgencyId: 'sevenoaks-dc',
    applicantPersonId: DEMO.people.alice, channel: ApplicationChannel.ONLINE, applicantType: ApplicantType.VICTIM,
    receivedDaysAgo: 14, decision: TriggerDecision.THRESHOLD_MET, status: 'IN_REVIEW', consentId: 'c0115e00-0000-4000-8000-000000000001',
  },
  {
    id: DEMO.applications.bobSevenoaks, reference: 'SDC-CT-2026-0002', authorityAgencyId: 'sevenoaks-dc',
    applicantPersonId: DEMO.people.bob, channel: ApplicationChannel.PHONE, applicantType: ApplicantType.VICTIM,
    receivedDaysAgo: 6, decision: TriggerDecision.THRESHOLD_NOT_MET, status: 'DECIDED', consentId: 'c0115e00-0000-4000-8000-000000000002',
  },
] as const;

export const reviews = [
  {
    id: DEMO.reviews.aliceReview, applicationId: DEMO.applications.aliceSevenoaks,
    panelAgencyIds: ['sevenoaks-dc', 'kent-police', 'west-kent-housing', 'kent-mental-health'], chairAgencyId: 'sevenoaks-dc',
    // The panel as people (demo names): officers in their roles; Kent Mental Health had not dealt with the case.
    members: [
      { name: 'Priya Shah', role: 'Community Safety Manager', agencyId: 'sevenoaks-dc', independent: false, chair: true },
      { name: 'Tom Reed', role: 'Inspector, Sevenoaks Community Safety Unit', agencyId: 'kent-police', independent: false, chair: false },
      { name: 'Hannah Cole', role: 'Tenancy Enforcement Officer', agencyId: 'west-kent-housing', independent: false, chair: false },
      { name: 'Dr Sam Okafor', role: 'Community Mental Health Team Lead', agencyId: 'kent-mental-health', independent: true, chair: false },
    ],
    openedDaysAgo: 7, meetingInDays: 7,
  },
];

/**
 * The partnerships' data sharing agreements (ICO data sharing code): one per area, and a
 * cross-border one between Kent and Hertfordshire. Special category data is shared on consent only
 * (each person's), never under these. Dates are relative to the day the data is loaded.
 */
const GATEWAYS = 'Anti-social Behaviour, Crime and Policing Act 2014 s.104 and Sch. 4 para 7; Crime and Disorder Act 1998 s.115';
const SHARED = [DataCategory.IDENTITY, DataCategory.CONTACT, DataCategory.INCIDENT_DETAIL];
const dpoOf = (parties: string[]) => parties.map((p) => `Data Protection Officer, ${agencies.find((a) => a.id === p)!.name}`);
const agreement = (reference: string, title: string, parties: string[]) => ({
  reference, title, parties, partyDpos: dpoOf(parties), purposes: [Purpose.CASE_REVIEW, Purpose.CASE_MANAGEMENT], categories: SHARED,
  lawfulBasis: LawfulBasis.PUBLIC_TASK, legalGateway: GATEWAYS, retention: 'Six years after the case review closes, then anonymised',
  startedDaysAgo: 300, reviewInDays: 65, endsInDays: 430,
});
export const agreements = [
  agreement('DSA-KENT-2026', 'Kent Community Safety Partnership: ASB case reviews', ['sevenoaks-dc', 'kent-police', 'kent-wardens', 'west-kent-housing', 'kent-mental-health']),
  agreement('DSA-HERTS-2026', 'Hertfordshire Community Safety Partnership: ASB case reviews', ['east-herts-dc', 'herts-police', 'herts-housing']),
  agreement('DSA-DERBYSHIRE-2026', 'Derbyshire Community Safety Partnership: ASB case reviews', ['amber-valley-bc', 'derbyshire-police']),
  agreement('DSA-KENT-HERTS-2026', 'Kent and Hertfordshire: cross-border ASB case reviews', ['sevenoaks-dc', 'kent-police', 'east-herts-dc', 'herts-police']),
];
