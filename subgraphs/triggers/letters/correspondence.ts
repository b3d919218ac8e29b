/**
 * What an authority's letters say beyond the case itself: where its Community Trigger office is,
 * how an applicant asks for the decision or the review to be looked at again, and how to report
 * future incidents. Kept as data beside the authority's threshold policy (seeds/threshold-policies.ts)
 * and versioned with it, because each partnership's documents set their own route and contacts
 * and change them over time. A letter never states a time limit the authority did not set
 * (`appeal.withinDays` null).
 */
export interface AuthorityContact {
  /** Who, e.g. "Kent Police" or "the council's Community Safety Unit". */
  name: string;
  phone?: string | null;
  email?: string | null;
  web?: string | null;
  /** When to use it, e.g. "in an emergency, or if a crime is happening now". */
  when?: string | null;
}

export interface AuthorityCorrespondence {
  /** The office that writes, e.g. "Community Safety Unit". */
  office: string;
  /** Postal address lines of that office. */
  address: string[];
  phone?: string | null;
  email?: string | null;
  appeal: {
    /** Short name of the route, e.g. "second-stage review" or "appeal to the Chair of the CSP Board". */
    route: string;
    /** The sentences the letter gives: who decides, how to ask. */
    how: string;
    /** Only when the authority's documents set one. */
    withinDays?: number | null;
  };
  /** How to report future community safety incidents (Kent App. A: part of the reply). */
  reportFutureIncidents: AuthorityContact[];
  /** Whether the authority's process writes to the applicant when the review is activated (Kent App. A (c)). */
  reviewActivatedLetter: boolean;
  /**
   * The route to ask the Police and Crime Commissioner to review a "threshold not met" decision
   * (Crime and Policing Bill 2025), where the area offers it: CT2 says how. Absent or null: not offered.
   */
  pccReview?: PccReviewRoute | null;
}

export interface PccReviewRoute {
  /** Who reviews, e.g. "the Kent Police and Crime Commissioner". */
  reviewer: string;
  /** The sentences CT2 gives: how to ask. */
  how: string;
  /** Only when the area sets one. */
  withinDays?: number | null;
}

/** What a letter says when no authority data is on record: nothing it cannot stand behind. */
export const GENERIC_CORRESPONDENCE: AuthorityCorrespondence = {
  office: 'Community Trigger Single Point of Contact',
  address: [],
  appeal: {
    route: 'review of the decision',
    how: 'If you are not satisfied, you may ask the Single Point of Contact for the decision to be looked at again by people who were not involved in it, quoting your reference.',
    withinDays: null,
  },
  reportFutureIncidents: [
    { name: 'the police', phone: '999', when: 'in an emergency, or if a crime is happening now' },
    { name: 'the police', phone: '101', when: 'to report anti-social behaviour that is not an emergency' },
  ],
  reviewActivatedLetter: false,
};
