import { useState, type FormEvent } from 'react';
import { useMutation, useQuery, type CombinedError } from 'urql';
import { graphql } from '../gql';
import type { ApplicantType, ApplicationChannel, CaptureMethod, PersonInput } from '../gql/graphql';
import { currentSession } from '../auth';
import { apiErrors, check, Checkboxes, Radios, TextArea, TextInput, useFieldErrors, type FieldError } from '../forms';
import { navigate } from '../router';
import { ErrorSummary, PageHeading } from '../ui';

/** Shared with the referral form (pages/Referrals.tsx): the same people and consent steps. */
export const PartnersQuery = graphql(`
  query IntakeAgencies {
    agencies {
      id
      name
      area
      isAuthority
    }
  }
`);

export const RegisterPerson = graphql(`
  mutation IntakeRegisterPerson($input: PersonInput!) {
    registerPerson(input: $input) {
      id
    }
  }
`);

export const RecordConsent = graphql(`
  mutation IntakeRecordConsent($input: ConsentInput!) {
    recordConsent(input: $input) {
      id
    }
  }
`);

const Submit = graphql(`
  mutation SubmitApplication($input: TriggerApplicationInput!) {
    submitTriggerApplication(input: $input) {
      id
      reference
      status
    }
  }
`);

export const CHANNELS: Array<{ value: ApplicationChannel; label: string; hint: string }> = [
  { value: 'PHONE', label: 'By phone', hint: 'Acknowledge it in writing within the authority’s time limit' },
  { value: 'WRITING', label: 'In writing (letter or email)', hint: 'Acknowledge it in writing within the authority’s time limit' },
  { value: 'ONLINE', label: 'Online', hint: 'Acknowledged at once: the hub sends the acknowledgement (CT1)' },
];
export const APPLICANT_TYPES: Array<{ value: ApplicantType; label: string; hint: string }> = [
  { value: 'VICTIM', label: 'The victim', hint: 'The person experiencing the anti-social behaviour applies' },
  { value: 'REPRESENTATIVE', label: 'Someone on the victim’s behalf', hint: 'A family member, friend, carer, councillor or MP, with the victim’s consent' },
  { value: 'AGENCY', label: 'A partner agency on the victim’s behalf', hint: 'For example a housing officer or the police' },
];
export const CAPTURE: Record<ApplicationChannel, CaptureMethod> = { ONLINE: 'ONLINE', PHONE: 'PHONE', WRITING: 'WRITING' };
/** The privacy notice the SPOC reads or sends to the victim when recording consent. */
const NOTICE_VERSION = 'spoc-intake-1';

export type PersonForm = { givenName: string; familyName: string; dateOfBirth: string; postcode: string; address: string; phone: string; email: string };
export const emptyPerson: PersonForm = { givenName: '', familyName: '', dateOfBirth: '', postcode: '', address: '', phone: '', email: '' };
const POSTCODE = /^[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2}$/i;

export function personInput(p: PersonForm): PersonInput {
  const opt = (v: string) => (v.trim() ? v.trim() : undefined);
  return {
    givenName: p.givenName.trim(),
    familyName: p.familyName.trim(),
    dateOfBirth: opt(p.dateOfBirth),
    postcode: opt(p.postcode)?.toUpperCase(),
    address: opt(p.address),
    phone: opt(p.phone),
    email: opt(p.email),
  };
}

export function PersonFields({
  prefix,
  legend,
  person,
  onChange,
  of,
}: {
  prefix: string;
  legend: string;
  person: PersonForm;
  onChange: (p: PersonForm) => void;
  of: (id: string) => string | undefined;
}) {
  const set = (k: keyof PersonForm) => (v: string) => onChange({ ...person, [k]: v });
  return (
    <fieldset className="govuk-fieldset">
      <legend className="govuk-fieldset__legend govuk-fieldset__legend--m">{legend}</legend>
      <TextInput id={`${prefix}-given`} label="First name" value={person.givenName} onChange={set('givenName')} error={of(`${prefix}-given`)} width={20} />
      <TextInput id={`${prefix}-family`} label="Last name" value={person.familyName} onChange={set('familyName')} error={of(`${prefix}-family`)} width={20} />
      <TextInput
        id={`${prefix}-dob`}
        label="Date of birth (optional)"
        type="date"
        value={person.dateOfBirth}
        onChange={set('dateOfBirth')}
        error={of(`${prefix}-dob`)}
      />
      <TextInput id={`${prefix}-address`} label="Address (optional)" value={person.address} onChange={set('address')} width={30} />
      <TextInput
        id={`${prefix}-postcode`}
        label="Postcode (optional)"
        hint="Helps match the person’s incidents held by other agencies"
        value={person.postcode}
        onChange={set('postcode')}
        error={of(`${prefix}-postcode`)}
        width={10}
      />
      <TextInput id={`${prefix}-phone`} label="Phone (optional)" type="tel" value={person.phone} onChange={set('phone')} width={20} />
      <TextInput id={`${prefix}-email`} label="Email (optional)" type="email" value={person.email} onChange={set('email')} width={30} />
    </fieldset>
  );
}

export function checkPerson(errs: FieldError[], prefix: string, who: string, p: PersonForm) {
  check(errs, !p.givenName.trim(), `${prefix}-given`, `Enter the ${who}’s first name`);
  check(errs, !p.familyName.trim(), `${prefix}-family`, `Enter the ${who}’s last name`);
  check(errs, !!p.dateOfBirth && new Date(p.dateOfBirth) > new Date(), `${prefix}-dob`, `The ${who}’s date of birth must be in the past`);
  check(
    errs,
    !!p.postcode.trim() && !POSTCODE.test(p.postcode.trim()),
    `${prefix}-postcode`,
    `Enter the ${who}’s postcode as a full UK postcode, like TN13 1AA`,
  );
}

/**
 * Intake of a Community Trigger application by the SPOC: who applies and how, the people
 * registered as the authority's own records, the victim's consent recorded (naming the authority
 * and the partners it covers), then the application. The hub decides the outcome (anonymous:
 * refused and kept as intelligence; no consent: not pursued); the page says which.
 */
export function NewApplication() {
  const authorityId = currentSession()?.agency ?? '';
  const [agencies] = useQuery({ query: PartnersQuery });
  const [channel, setChannel] = useState<ApplicationChannel | ''>('');
  const [applicantType, setApplicantType] = useState<ApplicantType | ''>('');
  const [named, setNamed] = useState<'yes' | 'no' | ''>('');
  const [applicant, setApplicant] = useState<PersonForm>(emptyPerson);
  const [victim, setVictim] = useState<PersonForm>(emptyPerson);
  const [applicantAgencyId, setApplicantAgencyId] = useState('');
  const [consent, setConsent] = useState<'yes' | 'no' | ''>('');
  const [partners, setPartners] = useState<string[]>([]);
  const [summary, setSummary] = useState('');
  const [meetingOn, setMeetingOn] = useState('');
  const { errors, setErrors, of } = useFieldErrors();
  const [apiProblem, setApiProblem] = useState<CombinedError | undefined>();
  const [refused, setRefused] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [, register] = useMutation(RegisterPerson);
  const [, recordConsent] = useMutation(RecordConsent);
  const [, submit] = useMutation(Submit);

  const all = agencies.data?.agencies ?? [];
  const authority = all.find((a) => a.id === authorityId);
  const others = all.filter((a) => a.id !== authorityId && (!authority || a.area === authority.area));
  const victimApplies = applicantType === 'VICTIM';
  const anonymous = named === 'no';

  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    setRefused(null);
    setApiProblem(undefined);
    const errs: FieldError[] = [];
    check(errs, !channel, 'channel', 'Select how the application was received');
    check(errs, !applicantType, 'applicant-type', 'Select who is applying');
    if (applicantType && applicantType !== 'AGENCY') check(errs, !named, 'named', 'Select whether the applicant gave their name');
    if (applicantType === 'AGENCY') check(errs, !applicantAgencyId, 'applicant-agency', 'Select the agency applying');
    if (applicantType && applicantType !== 'AGENCY' && named === 'yes') checkPerson(errs, 'applicant', victimApplies ? 'victim' : 'applicant', applicant);
    if (applicantType && !victimApplies && !anonymous) checkPerson(errs, 'victim', 'victim', victim);
    if (!anonymous) check(errs, !consent, 'consent', 'Select whether the victim consents to share their details');
    if (consent === 'yes' && !anonymous)
      check(errs, partners.length === 0, 'partners', 'Select the partner agencies the victim agrees may receive their details');
    check(errs, !summary.trim(), 'summary', 'Describe the anti-social behaviour the application is about');
    setErrors(errs);
    if (errs.length || !channel || !applicantType) return;

    setBusy(true);
    try {
      let applicantPersonId: string | undefined;
      let victimPersonId: string | undefined;
      if (applicantType !== 'AGENCY' && named === 'yes') {
        const r = await register({ input: personInput(applicant) });
        if (r.error) return setApiProblem(r.error);
        applicantPersonId = r.data!.registerPerson.id;
      }
      if (!victimApplies && !anonymous) {
        const r = await register({ input: personInput(victim) });
        if (r.error) return setApiProblem(r.error);
        victimPersonId = r.data!.registerPerson.id;
      }
      const subject = victimApplies ? applicantPersonId : victimPersonId;
      let consentId: string | undefined;
      if (consent === 'yes' && subject) {
        const r = await recordConsent({
          input: {
            personId: subject,
            purposes: ['CASE_REVIEW'],
            categories: ['IDENTITY', 'CONTACT', 'INCIDENT_DETAIL'],
            captureMethod: CAPTURE[channel],
            noticeVersion: NOTICE_VERSION,
            recipientAgencyIds: [authorityId, ...partners],
          },
        });
        if (r.error) return setApiProblem(r.error);
        consentId = r.data!.recordConsent.id;
      }
      const r = await submit({
        input: {
          authorityId,
          channel,
          applicantType,
          applicantPersonId,
          victimPersonId,
          applicantAgencyId: applicantType === 'AGENCY' ? applicantAgencyId : undefined,
          consentToShare: consent === 'yes',
          consentId,
          summary: summary.trim(),
          meetingOn: meetingOn || undefined,
        },
      });
      const anon = r.error?.graphQLErrors.find((g) => g.extensions?.reason === 'ANONYMOUS');
      if (anon) return setRefused(anon.message);
      if (r.error) return setApiProblem(r.error);
      navigate(`/applications/${r.data!.submitTriggerApplication.id}`);
    } finally {
      setBusy(false);
    }
  };

  const summaryErrors = [
    ...errors,
    ...apiErrors(apiProblem, {
      'input.consentId': 'consent',
      'input.summary': 'summary',
      'input.meetingOn': 'meeting-on',
      'input.applicantAgencyId': 'applicant-agency',
    }),
  ];
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <ErrorSummary errors={summaryErrors} />
        {refused && (
          <div className="govuk-notification-banner" role="alert" aria-labelledby="refused-title" data-testid="refused">
            <div className="govuk-notification-banner__header">
              <h2 className="govuk-notification-banner__title" id="refused-title">
                Not accepted
              </h2>
            </div>
            <div className="govuk-notification-banner__content">
              <p className="govuk-notification-banner__heading">{refused}.</p>
            </div>
          </div>
        )}
        <PageHeading caption={authority?.name ?? 'ASB Case Review (Community Trigger)'}>New application</PageHeading>
        <p className="govuk-body">
          Record an application for an ASB Case Review received by phone, in writing or online. The hub checks the threshold later, from the incidents every
          partner agency holds.
        </p>
        <form onSubmit={onSubmit} noValidate>
          <Radios id="channel" legend="How was the application received?" options={CHANNELS} value={channel} onChange={setChannel} error={of('channel')} />
          <Radios
            id="applicant-type"
            legend="Who is applying?"
            options={APPLICANT_TYPES}
            value={applicantType}
            onChange={setApplicantType}
            error={of('applicant-type')}
          />

          {applicantType === 'AGENCY' && (
            <div className={`govuk-form-group${of('applicant-agency') ? ' govuk-form-group--error' : ''}`}>
              <label className="govuk-label" htmlFor="applicant-agency">
                Agency applying
              </label>
              {of('applicant-agency') && (
                <p id="applicant-agency-error" className="govuk-error-message">
                  <span className="govuk-visually-hidden">Error:</span> {of('applicant-agency')}
                </p>
              )}
              <select className="govuk-select" id="applicant-agency" value={applicantAgencyId} onChange={(e) => setApplicantAgencyId(e.target.value)}>
                <option value="">Select an agency</option>
                {others.map((a) => (
                  <option key={a.id} value={a.id}>
                    {a.name}
                  </option>
                ))}
              </select>
            </div>
          )}

          {applicantType && applicantType !== 'AGENCY' && (
            <>
              <Radios
                id="named"
                legend={victimApplies ? 'Did the victim give their name?' : 'Did the applicant give their name?'}
                hint="An ASB Case Review cannot be anonymous: the authority must be able to reply to the applicant and the victim. An anonymous application is not accepted; what it describes is kept as intelligence for the partner agencies."
                options={[
                  { value: 'yes', label: 'Yes' },
                  { value: 'no', label: 'No, it is anonymous' },
                ]}
                value={named}
                onChange={setNamed}
                error={of('named')}
                inline
              />
              {named === 'yes' && (
                <PersonFields
                  prefix="applicant"
                  legend={victimApplies ? 'The victim (applying)' : 'The applicant'}
                  person={applicant}
                  onChange={setApplicant}
                  of={of}
                />
              )}
            </>
          )}
          {applicantType && !victimApplies && !anonymous && <PersonFields prefix="victim" legend="The victim" person={victim} onChange={setVictim} of={of} />}

          {!anonymous && (
            <>
              <Radios
                id="consent"
                legend="Does the victim consent to share their details with the partner agencies?"
                hint={
                  <>
                    The review needs the victim’s consent for the council and its partners to share the victim’s details and incidents. Without it the
                    application is recorded as not pursued and the victim is told why. Read or send the privacy notice (version {NOTICE_VERSION}) before asking.
                  </>
                }
                options={[
                  { value: 'yes', label: 'Yes, the victim consents' },
                  { value: 'no', label: 'No', hint: 'The application will be recorded as not pursued' },
                ]}
                value={consent}
                onChange={setConsent}
                error={of('consent')}
              />
              {consent === 'yes' && (
                <Checkboxes
                  id="partners"
                  legend="Which partner agencies may receive the victim’s details?"
                  hint={`The victim’s consent names ${authority?.name ?? 'the council'} and the agencies selected here: only they see the victim’s identity, contact details and incidents for the case review.`}
                  options={others.map((a) => ({ value: a.id, label: a.name }))}
                  values={partners}
                  onChange={setPartners}
                  error={of('partners')}
                  small
                />
              )}
            </>
          )}

          <TextArea
            id="summary"
            label="What the applicant describes"
            hint="The anti-social behaviour, where and since when. Partner agencies see it only as the victim’s consent allows."
            value={summary}
            onChange={setSummary}
            error={of('summary')}
            rows={5}
          />
          <TextInput
            id="meeting-on"
            label="Planned case review meeting (optional)"
            hint="Named in the acknowledgement letter"
            type="date"
            value={meetingOn}
            onChange={setMeetingOn}
          />
          <button type="submit" className="govuk-button" disabled={busy}>
            Record the application
          </button>
        </form>
      </div>
    </div>
  );
}
