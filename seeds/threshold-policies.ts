import { GENERIC_CORRESPONDENCE, type AuthorityCorrespondence } from '../subgraphs/triggers/letters/correspondence';
import type { ThresholdParameters } from '../subgraphs/triggers/rules/threshold-parameters';

/**
 * The threshold policies of the partnership documents, as data (docs/design.md, "threshold").
 * `authorityAgencyIds` maps the demo authorities onto them; an authority with no policy of its own
 * falls back to the national default (authority null). Loaded by seeds/index.ts as version 1 of
 * each, in force from 2014-10-20 (the day the Community Trigger came into force).
 */
export interface PolicySeed {
  key: string;
  name: string;
  /** null: the national default. */
  authorityAgencyIds: (string | null)[];
  parameters: ThresholdParameters;
  /** What the authority's letters say: its office, appeal route and contacts (letters/correspondence.ts). */
  correspondence: AuthorityCorrespondence;
}

const DISCRETION =
  'Where the count falls short the SPOC may still proceed, considering the persistence of the ASB, the harm or potential harm caused, and the adequacy of the response to it.';

export const KENT: ThresholdParameters = {
  minIncidents: 3,
  windowMonths: 6,
  maxReportDelayDays: 31,
  similarity: { category: true, place: false },
  multipleReporterRoute: null,
  discretionNote: DISCRETION,
};

export const EAST_HERTS: ThresholdParameters = {
  minIncidents: 3,
  windowMonths: 6,
  maxReportDelayDays: null,
  similarity: { category: false, place: false },
  multipleReporterRoute: { minReporters: 3, similarity: { category: true, place: true } },
  discretionNote: DISCRETION,
};

export const DERBYSHIRE: ThresholdParameters = {
  minIncidents: 3,
  windowMonths: 6,
  maxReportDelayDays: null,
  similarity: { category: false, place: true },
  multipleReporterRoute: null,
  discretionNote: DISCRETION,
};

export const NATIONAL_DEFAULT: ThresholdParameters = {
  minIncidents: 3,
  windowMonths: 6,
  maxReportDelayDays: 31,
  similarity: { category: false, place: false },
  multipleReporterRoute: null,
  discretionNote: DISCRETION,
};

/**
 * The authorities' letter data (demo contacts: an authority publishes its own with a new policy
 * version). Appeal routes as the documents give them: Kent a second-stage review by the CSP's
 * senior members with an elected member; East Herts in writing to the Chair of the CSP Board;
 * Derbyshire a review by the Police and Crime Commissioner's office. None of them sets a time limit.
 * Kent also offers the PCC review of a "threshold not met" decision (`pccReview`); the others do not.
 */
export const KENT_LETTERS: AuthorityCorrespondence = {
  office: 'Community Safety Unit',
  address: ['Council Offices', 'Argyle Road', 'Sevenoaks', 'Kent', 'TN13 1HG'],
  phone: '01732 227000',
  email: 'community.safety@sevenoaks.gov.uk',
  appeal: {
    route: 'second-stage review',
    how: 'If you are not satisfied with the decision or with the way the case review was carried out, you may ask for a second-stage review. It is carried out by senior members of the Community Safety Partnership who did not take part in the first review, with an elected member of the council. To ask for it, contact the Community Safety Unit at the address above, quoting your reference.',
    withinDays: null,
  },
  reportFutureIncidents: [
    { name: 'Kent Police', phone: '999', when: 'in an emergency, or if a crime is happening now' },
    { name: 'Kent Police', phone: '101', web: 'www.kent.police.uk', when: 'to report anti-social behaviour that is not an emergency' },
    { name: 'the Community Safety Unit', phone: '01732 227000', email: 'community.safety@sevenoaks.gov.uk', when: 'to tell the council about continuing anti-social behaviour' },
    { name: 'your landlord', when: 'if you rent your home from a housing association' },
  ],
  reviewActivatedLetter: true,
  // Kent offers the PCC review of a "threshold not met" decision (Crime and Policing Bill 2025; demo wording).
  pccReview: {
    reviewer: 'the Kent Police and Crime Commissioner',
    how: 'You may also ask the Kent Police and Crime Commissioner to review our decision that the threshold was not met. Tell the Community Safety Unit at the address above, quoting your reference, why you disagree, and we will pass your request and the case papers to the Commissioner’s office, who will write to you with the result.',
    withinDays: null,
  },
};

export const EAST_HERTS_LETTERS: AuthorityCorrespondence = {
  office: 'Community Safety Team',
  address: ['Wallfields', 'Pegs Lane', 'Hertford', 'SG13 8EQ'],
  phone: '01279 655261',
  email: 'community.safety@eastherts.gov.uk',
  appeal: {
    route: 'appeal to the Chair of the CSP Board',
    how: 'If you are not satisfied with the decision or with the way your application was dealt with, you may appeal in writing to the Chair of the Community Safety Partnership (CSP) Board, at the address above, quoting your reference.',
    withinDays: null,
  },
  reportFutureIncidents: [
    { name: 'Hertfordshire Constabulary', phone: '999', when: 'in an emergency, or if a crime is happening now' },
    { name: 'Hertfordshire Constabulary', phone: '101', web: 'www.herts.police.uk', when: 'to report anti-social behaviour that is not an emergency' },
    { name: 'the Community Safety Team', phone: '01279 655261', email: 'community.safety@eastherts.gov.uk', when: 'to tell the council about continuing anti-social behaviour' },
  ],
  reviewActivatedLetter: false,
};

export const DERBYSHIRE_LETTERS: AuthorityCorrespondence = {
  office: 'Community Safety Team',
  address: ['Town Hall', 'Market Place', 'Ripley', 'Derbyshire', 'DE5 3BT'],
  phone: '01773 570222',
  email: 'community.safety@ambervalley.gov.uk',
  appeal: {
    route: 'review by the Police and Crime Commissioner',
    how: 'If you are not satisfied with the way your ASB Case Review was carried out, you may ask the Office of the Derbyshire Police and Crime Commissioner to review it. Contact the Community Safety Team at the address above, quoting your reference, and we will pass your request on.',
    withinDays: null,
  },
  reportFutureIncidents: [
    { name: 'Derbyshire Constabulary', phone: '999', when: 'in an emergency, or if a crime is happening now' },
    { name: 'Derbyshire Constabulary', phone: '101', web: 'www.derbyshire.police.uk', when: 'to report anti-social behaviour that is not an emergency' },
    { name: 'the Community Safety Team', phone: '01773 570222', email: 'community.safety@ambervalley.gov.uk', when: 'to tell the council about continuing anti-social behaviour' },
  ],
  reviewActivatedLetter: false,
};

export const POLICY_EFFECTIVE_FROM = new Date('2014-10-20T00:00:00Z');

export const thresholdPolicies: PolicySeed[] = [
  {
    key: 'kent',
    name: 'Kent: 3 incidents in 6 months, same or similar, each reported within one month',
    authorityAgencyIds: ['sevenoaks-dc'],
    parameters: KENT,
    correspondence: KENT_LETTERS,
  },
  {
    key: 'east-herts',
    name: 'East Herts: 3 reports by one person in 6 months, or 3 people reporting similar ASB',
    authorityAgencyIds: ['east-herts-dc'],
    parameters: EAST_HERTS,
    correspondence: EAST_HERTS_LETTERS,
  },
  {
    key: 'derbyshire',
    name: 'Derbyshire: 3 qualifying complaints about related incidents on separate occasions in 6 months',
    authorityAgencyIds: ['amber-valley-bc'],
    parameters: DERBYSHIRE,
    correspondence: DERBYSHIRE_LETTERS,
  },
  {
    key: 'national',
    name: 'National default: 3 complaints in 6 months, each reported within one month',
    authorityAgencyIds: [null],
    parameters: NATIONAL_DEFAULT,
    correspondence: GENERIC_CORRESPONDENCE,
  },
];
