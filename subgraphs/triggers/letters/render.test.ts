import { describe, expect, it } from 'vitest';
import { DERBYSHIRE_LETTERS, EAST_HERTS_LETTERS, KENT_LETTERS } from '../../../seeds/threshold-policies';
import { letterPdf } from './pdf';
import { pdfText } from './pdf-text';
import { LetterKind, renderExplanationLetter, renderLetter, thresholdSentence, type LetterData } from './render';

const incidents = [
  {
    occurredOn: '2026-07-26', agency: 'Kent Police', sourceRef: 'KP-ASB-2026-10421', category: 'PERSONAL', subType: 'Intimidation',
    actions: [{ on: '2026-07-27', action: 'Officer attended; words of advice given', by: 'PC 4412' }],
  },
  {
    occurredOn: '2026-09-09', agency: 'West Kent Housing Association', sourceRef: 'WKH-CASE-5520', category: 'NUISANCE', subType: 'Noise',
    actions: [
      { on: '2026-09-14', action: 'Warning letter to the tenant of flat 12', by: 'Housing officer' },
      { on: '2026-09-20', action: 'Mediation offered', by: null },
    ],
  },
  { occurredOn: '2026-11-08', agency: 'Kent Police', sourceRef: 'KP-ASB-2026-12650', category: 'NUISANCE', subType: null, actions: [] },
];
// Sevenoaks is in Kent: its letters carry Kent's appeal route and contacts (seeds/threshold-policies.ts).
const base: LetterData = { reference: 'SDC-CT-2026-0003', authority: 'Sevenoaks District Council', correspondence: KENT_LETTERS, date: '2026-11-23' };

describe('letters CT1–CT5', () => {
  it('CT1 acknowledges with the meeting date and the 25-day target', () => {
    const l = renderLetter(LetterKind.CT1, { ...base, receivedOn: '2026-11-20', meetingOn: '2026-12-10', processDueOn: '2026-12-28' });
    expect(l.subject).toBe('Your Community Trigger application SDC-CT-2026-0003 has been received');
    for (const body of [l.html, l.text]) {
      expect(body).toContain('2026-12-10');
      expect(body).toContain('2026-12-28');
      expect(body).toContain('SDC-CT-2026-0003');
    }
    expect(l.html).toMatch(/^<!doctype html>/);
    expect(l.text).not.toContain('<');
    // paragraphs stay apart in plain text
    expect(l.text).toContain('Sevenoaks District Council\n\nThank you for your application');
  });

  it('CT1 of an online application gives the applicant their own page, in both bodies; others do not', () => {
    const link = 'https://hub.example.gov.uk/apply/sevenoaks-dc/status/eyJhbGciOiJIUzI1NiJ9.e30.sig';
    const l = renderLetter(LetterKind.CT1, { ...base, receivedOn: '2026-11-20', processDueOn: '2026-12-28', applicantLink: link, applicantLinkExpiresOn: '2027-05-20' });
    expect(l.text).toContain(`\n${link}\n`);
    expect(l.text).toContain('(until 2027-05-20)');
    expect(l.html).toContain(`<a href="${link}">${link}</a>`);
    const without = renderLetter(LetterKind.CT1, { ...base, receivedOn: '2026-11-20', processDueOn: '2026-12-28' });
    expect(without.text).not.toContain('online');
    expect(without.html).not.toContain('<a href');
  });

  it('CT2 lists every incident reported and every action taken, with the appeal route', () => {
    const l = renderLetter(LetterKind.CT2, { ...base, policyName: 'Kent', policyVersion: 2, counted: 2, incidents, reason: 'Two qualifying incidents were found.' });
    for (const body of [l.html, l.text]) {
      for (const i of incidents) expect(body).toContain(i.sourceRef);
      expect(body).toContain('Officer attended; words of advice given');
      expect(body).toContain('Warning letter to the tenant of flat 12');
      expect(body).toContain('Mediation offered');
      expect(body).toMatch(/no action recorded/i); // KP-ASB-2026-12650 had none
      expect(body).toContain('second-stage review');
      expect(body).toContain('version 2');
    }
    // one row per incident in HTML, each action once in text
    expect(l.html.match(/<tr><td>/g)).toHaveLength(3);
    expect(l.text.match(/^ {4}action /gm)).toHaveLength(3);
  });

  it('CT3 says the threshold is met but all action was taken, listing the incidents and the appeal route', () => {
    const l = renderLetter(LetterKind.CT3, { ...base, incidents });
    expect(l.text).toContain('all reasonable action has already been taken');
    expect(l.text).toContain('KP-ASB-2026-12650');
    expect(l.text).toContain('second-stage review');
  });

  it('CT4 gives the agreed actions, numbered, and the lead officer', () => {
    const l = renderLetter(LetterKind.CT4, { ...base, actions: ['Noise monitoring for 4 weeks', 'Injunction application'], leadOfficer: 'ASB officer, Sevenoaks DC', finalReviewDueOn: '2027-06-01' });
    expect(l.text).toContain('1. Noise monitoring for 4 weeks\n2. Injunction application');
    expect(l.html).toContain('<li>Injunction application</li>');
    for (const body of [l.html, l.text]) {
      expect(body).toContain('ASB officer, Sevenoaks DC');
      expect(body).toContain('2027-06-01');
    }
  });

  it('CT5 closes the case', () => {
    const l = renderLetter(LetterKind.CT5, base);
    expect(l.subject).toContain('closed');
    expect(l.text).toContain('is now closed');
  });

  it('escapes values in HTML but not in plain text', () => {
    const l = renderLetter(LetterKind.CT4, { ...base, actions: ['Fence <repair> & lighting'], leadOfficer: 'A & B' });
    expect(l.html).toContain('Fence &lt;repair&gt; &amp; lighting');
    expect(l.text).toContain('Fence <repair> & lighting');
  });
});

const alice = { name: 'Alice Turner', address: '12 Acacia Road, Sevenoaks', postcode: 'TN13 1AA' };
const every = Object.values(LetterKind);
const sample: Partial<LetterData> = { receivedOn: '2026-11-20', processDueOn: '2026-12-28', policyName: 'Kent', policyVersion: 1, counted: 2, incidents };

/** What a victim must never read: internal ids, enum names, empty sentences, a time limit nobody set. */
function readsAsALetter(body: string) {
  expect(body).not.toMatch(/\b(sevenoaks-dc|kent-police|east-herts-dc|amber-valley-bc|west-kent-housing|undefined|null)\b/);
  expect(body).not.toMatch(/\bis\s*,|:\s*\n\s*\n|following actions:\s*\n\s*\n|\(\s*\)| \./);
  expect(body).not.toMatch(/within \d+ days/);
}

describe('letters as the applicant reads them', () => {
  it.each(every)('%s is headed "ASB Case Review (Community Trigger)", addressed to the applicant, and reads as a letter', (kind) => {
    const l = renderLetter(kind, { ...base, ...sample, addressee: alice, actions: ['Noise monitoring'], leadOfficer: 'ASB officer', finalReviewDueOn: '2027-06-01' });
    expect(l.addressee).toBe('Alice Turner\n12 Acacia Road\nSevenoaks\nTN13 1AA');
    for (const body of [l.html, l.text]) {
      expect(body).toContain('ASB Case Review (Community Trigger)');
      expect(body).toContain('Dear Alice Turner,');
      expect(body).toContain('Sevenoaks District Council');
      readsAsALetter(body);
    }
    expect(l.text).toContain('Alice Turner\n12 Acacia Road\nSevenoaks\nTN13 1AA');
  });

  it('greets without a name when the SPOC may not see one, and prints no address block', () => {
    const l = renderLetter(LetterKind.CT1, { ...base, addressee: null, receivedOn: '2026-11-20', processDueOn: '2026-12-28' });
    expect(l.addressee).toBeNull();
    expect(l.text).toContain('Dear Sir or Madam,');
    expect(l.html).not.toContain('class="addressee"');
  });

  // The appeal route of each authority, as its documents give it (DESIGN "appeal"); no time limit none of them set.
  it.each([
    ['Sevenoaks District Council', KENT_LETTERS, /second-stage review/, /Kent Police, phone 101/],
    ['East Hertfordshire District Council', EAST_HERTS_LETTERS, /in writing to the Chair of the Community Safety Partnership \(CSP\) Board/, /Hertfordshire Constabulary, phone 101/],
    ['Amber Valley Borough Council', DERBYSHIRE_LETTERS, /Police and Crime Commissioner/, /Derbyshire Constabulary, phone 101/],
  ])('%s: CT2, CT3 and CT4 give its own appeal route and how to report future incidents', (authority, correspondence, route, report) => {
    for (const kind of [LetterKind.CT2, LetterKind.CT3, LetterKind.CT4]) {
      const l = renderLetter(kind, { ...base, ...sample, authority, correspondence, addressee: alice });
      for (const body of [l.html, l.text]) {
        expect(body).toMatch(route);
        expect(body).toMatch(/how to report future incidents/i);
        expect(body).toMatch(report);
        expect(body).toMatch(/999/);
        readsAsALetter(body);
      }
    }
    // Routes differ: East Herts' letters never offer Kent's second-stage panel and vice versa.
    const other = correspondence === KENT_LETTERS ? EAST_HERTS_LETTERS : KENT_LETTERS;
    expect(renderLetter(LetterKind.CT2, { ...base, ...sample, authority, correspondence }).text).not.toContain(other.appeal.how);
  });

  it('states a time limit only when the authority set one', () => {
    const limited = { ...KENT_LETTERS, appeal: { ...KENT_LETTERS.appeal, withinDays: 28 } };
    expect(renderLetter(LetterKind.CT2, { ...base, ...sample, correspondence: limited }).text).toContain('within 28 days of this letter');
    expect(renderLetter(LetterKind.CT2, { ...base, ...sample }).text).not.toMatch(/within \d+ days/);
  });

  it('CT4 with no agreed actions and no lead officer says so, with no empty list or sentence', () => {
    const l = renderLetter(LetterKind.CT4, { ...base, addressee: alice, actions: [], leadOfficer: null, meetingOn: '2026-12-10', finalReviewDueOn: null });
    for (const body of [l.html, l.text]) {
      expect(body).toContain('at the meeting on 2026-12-10');
      expect(body).toContain('They did not agree any further actions.');
      expect(body).not.toContain('agreed the following actions');
      expect(body).not.toMatch(/lead officer/i);
      expect(body).not.toContain('action plan will be reviewed');
      readsAsALetter(body);
    }
    expect(l.html).not.toContain('<ol');
    expect(l.subject).not.toContain('action plan');
  });

  it('CT4 with actions but no lead officer lists them and leaves the lead-officer sentence out', () => {
    const l = renderLetter(LetterKind.CT4, { ...base, actions: ['Kent Police: Patrols (by 2027-01-10)'], leadOfficer: '  ', finalReviewDueOn: '2027-06-01' });
    expect(l.text).toContain('They agreed the following actions:\n1. Kent Police: Patrols (by 2027-01-10)');
    expect(l.text).not.toMatch(/lead officer/i);
    expect(l.text).toContain('The action plan will be reviewed by 2027-06-01.');
  });

  it('CT5 says a final review took place only when one did', () => {
    const held = renderLetter(LetterKind.CT5, { ...base, finalReviewHeld: true });
    const none = renderLetter(LetterKind.CT5, { ...base, finalReviewHeld: false });
    expect(held.text).toContain('The final review of the action plan has taken place');
    expect(none.text).not.toContain('final review');
    expect(none.text).toContain('no further action was planned');
    for (const l of [held, none]) expect(l.text).toMatch(/how to report future incidents/i);
  });

  it('the review-activated letter (Kent App. A (c)) names the panel and the meeting; the second stage says so', () => {
    const first = renderLetter(LetterKind.REVIEW_ACTIVATED, { ...base, addressee: alice, meetingOn: '2026-12-10', panelAgencies: ['Kent Police', 'West Kent Housing', 'Kent Community Wardens'] });
    expect(first.subject).toBe('Your Community Trigger application SDC-CT-2026-0003: the case review has been activated');
    expect(first.text).toContain('ASB Case Review has been activated');
    expect(first.text).toContain('The review meeting is planned for 2026-12-10.');
    expect(first.text).toContain('The agencies taking part are: Kent Police, West Kent Housing and Kent Community Wardens.');
    const second = renderLetter(LetterKind.REVIEW_ACTIVATED, { ...base, secondStage: true });
    expect(second.subject).toContain('the second-stage review has been activated');
    expect(second.text).not.toContain('agencies taking part');
    expect(second.text).not.toContain('meeting is planned');
    readsAsALetter(second.text);
  });

  it('CT2 lists every incident with whether it was counted, once there are verdicts', () => {
    const withVerdicts = incidents.map((i, k) => ({ ...i, verdict: k === 0 ? 'not counted: before the six months' : 'counted' }));
    const l = renderLetter(LetterKind.CT2, { ...base, ...sample, incidents: withVerdicts });
    expect(l.text).toContain('(KP-ASB-2026-10421): PERSONAL (Intimidation); not counted: before the six months');
    expect(l.html).toContain('<th>Considered</th>');
    expect(l.html.match(/<td>counted<\/td>/g)).toHaveLength(2);
  });

  it('the PDF is an A4 letter saying what the text says', async () => {
    const l = renderLetter(LetterKind.CT2, { ...base, ...sample, addressee: alice });
    const pdf = await letterPdf(l, { authority: base.authority, sentAt: new Date('2026-11-23T10:00:00Z') });
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(pdf.toString('latin1')).toMatch(/\/MediaBox \[0 0 595\.28 841\.89\]/);
    const text = pdfText(pdf).replace(/\s+/g, ' ');
    for (const s of ['ASB Case Review (Community Trigger)', 'Dear Alice Turner,', 'TN13 1AA', 'SDC-CT-2026-0003', 'KP-ASB-2026-12650', 'Mediation offered', 'second-stage review', 'How to report future incidents']) {
      expect(text).toContain(s);
    }
  });
});

describe('the ASB Case Review explanation (2025 guidance: the second report within six months)', () => {
  it('tells the victim what the review is and that they may ask whether or not a threshold is met, how to ask, in the authority’s own words', () => {
    const l = renderExplanationLetter({
      ...base,
      reference: 'SDC-CRX-2026-1A2B3C',
      addressee: { name: 'Alice Turner', address: '14 Oak Road, Sevenoaks', postcode: 'TN13 1AA' },
      thresholdSentence: thresholdSentence({ minIncidents: 3, windowMonths: 6 }),
    });
    expect(l.subject).toContain('ASB Case Review (Community Trigger)');
    expect(l.text).toContain('Dear Alice Turner,');
    expect(l.text).toContain('whether or not the agencies think the threshold is met');
    expect(l.text).toContain('3 or more incidents have been reported within 6 months');
    expect(l.text).toContain(`Contact the ${KENT_LETTERS.office}`);
    expect(l.text).toContain('quoting reference SDC-CRX-2026-1A2B3C');
    expect(l.html).toContain('<h1>ASB Case Review (Community Trigger)</h1>');
    expect(l.addressee).toBe('Alice Turner\n14 Oak Road\nSevenoaks\nTN13 1AA');
    // No threshold on record: no sentence about one.
    expect(renderExplanationLetter({ ...base, thresholdSentence: thresholdSentence(null) }).text).not.toContain('threshold a case review is held');
  });
});

describe('CT2 and the PCC review route (Crime and Policing Bill 2025)', () => {
  it('says how to ask the Police and Crime Commissioner only where the area offers it, and only in CT2', () => {
    const kent = renderLetter(LetterKind.CT2, { ...base, policyName: 'Kent', policyVersion: 1, counted: 1, incidents });
    expect(kent.text).toContain('ASKING THE POLICE AND CRIME COMMISSIONER TO REVIEW THIS DECISION');
    expect(kent.text).toContain(KENT_LETTERS.pccReview!.how);
    expect(kent.html).toContain('<h2>Asking the Police and Crime Commissioner to review this decision</h2>');
    expect(kent.text).not.toMatch(/within \d+ days/);
    const herts = renderLetter(LetterKind.CT2, { ...base, correspondence: EAST_HERTS_LETTERS, policyName: 'East Herts', policyVersion: 1, counted: 1, incidents });
    expect(herts.text).not.toContain('Police and Crime Commissioner');
    const limited = renderLetter(LetterKind.CT2, { ...base, correspondence: { ...EAST_HERTS_LETTERS, pccReview: { reviewer: 'the PCC', how: 'Write to us.', withinDays: 28 } }, counted: 0 });
    expect(limited.text).toContain('Write to us. Please do so within 28 days of this letter.');
    expect(renderLetter(LetterKind.CT3, { ...base, incidents }).text).not.toContain('Police and Crime Commissioner');
  });
});
