import type { ThresholdParameters } from '../subgraphs/triggers/rules/threshold';

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
}

const DISCRETION =
  'Where the count falls short the SPOC may still proceed, considering the persistence of the ASB, the harm or potential harm caused, and the adequacy of the response to it.';

export const KENT: ThresholdParameters = {
  minIncidents: 3,
  windowMonths: 6,
  maxReportDelayDays: 31,
  similarity: { category: true, place: false },
  multipleReporterRoute: null,
  deduplicateWithinHours: 24,
  discretionNote: DISCRETION,
};

export const EAST_HERTS: ThresholdParameters = {
  minIncidents: 3,
  windowMonths: 6,
  maxReportDelayDays: null,
  similarity: { category: false, place: false },
  multipleReporterRoute: { minReporters: 3, similarity: { category: true, place: true } },
  deduplicateWithinHours: 24,
  discretionNote: DISCRETION,
};

export const DERBYSHIRE: ThresholdParameters = {
  minIncidents: 3,
  windowMonths: 6,
  maxReportDelayDays: null,
  similarity: { category: false, place: true },
  multipleReporterRoute: null,
  deduplicateWithinHours: 24,
  discretionNote: DISCRETION,
};

export const NATIONAL_DEFAULT: ThresholdParameters = {
  minIncidents: 3,
  windowMonths: 6,
  maxReportDelayDays: 31,
  similarity: { category: false, place: false },
  multipleReporterRoute: null,
  deduplicateWithinHours: 24,
  discretionNote: DISCRETION,
};

export const POLICY_EFFECTIVE_FROM = new Date('2014-10-20T00:00:00Z');

export const thresholdPolicies: PolicySeed[] = [
  {
    key: 'kent',
    name: 'Kent: 3 incidents in 6 months, same or similar, each reported within one month',
    authorityAgencyIds: ['sevenoaks-dc'],
    parameters: KENT,
  },
  {
    key: 'east-herts',
    name: 'East Herts: 3 reports by one person in 6 months, or 3 people reporting similar ASB',
    authorityAgencyIds: ['east-herts-dc'],
    parameters: EAST_HERTS,
  },
  {
    key: 'derbyshire',
    name: 'Derbyshire: 3 qualifying complaints about related incidents on separate occasions in 6 months',
    authorityAgencyIds: ['amber-valley-bc'],
    parameters: DERBYSHIRE,
  },
  {
    key: 'national',
    name: 'National default: 3 complaints in 6 months, each reported within one month',
    authorityAgencyIds: [null],
    parameters: NATIONAL_DEFAULT,
  },
];
