import { useState, type FormEvent } from 'react';
import { useMutation, useQuery, type CombinedError } from 'urql';
import { graphql } from '../gql';
import type { ApplicantType, ApplicationChannel } from '../gql/graphql';
import { currentSession } from '../auth';
import { problems } from '../client';
import { apiErrors, check, Checkboxes, Radios, Select, SuccessBanner, TextArea, TextInput, useFieldErrors, type FieldError } from '../forms';
import { Link } from '../router';
import { ErrorSummary, Loading, PageHeading, Tag, formatDateTime, humanise } from '../ui';
import { APPLICANT_TYPES, CAPTURE, CHANNELS, checkPerson, emptyPerson, PartnersQuery, PersonFields, personInput, RecordConsent, RegisterPerson, type PersonForm } from './NewApplication';

const ReferralsQuery = graphql(`
  query Referrals {
    received: triggerReferrals(direction: RECEIVED) {
      id
      receivedVia
      receivedAt
      referredAt
      note
      repeat
      referringAgency {
        id
        name
      }
      application {
        id
        reference
        status
      }
    }
    sent: triggerReferrals(direction: SENT) {
      id
      receivedVia
      receivedAt
      referredAt
      repeat
      authority {
        id
        name
      }
      application {
        id
        reference
        status
      }
    }
  }
`);

const Refer = graphql(`
  mutation ReferApplication($input: TriggerReferralInput!) {
    referTriggerApplication(input: $input) {
      id
      repeat
      authority {
        id
        name
      }
      application {
        id
        reference
        status
      }
    }
  }
`);

/** The privacy notice the referring agency reads or sends to the victim when recording consent. */
const NOTICE_VERSION = 'partner-referral-1';

/**
 * Referrals between agencies: those made to the caller's authority (each opens the application it
 * became) and those the caller's agency made (with where each stands).
 */
export function Referrals() {
  const [{ data, fetching, error }] = useQuery({ query: ReferralsQuery });
  const received = data?.received ?? [];
  const sent = data?.sent ?? [];
  return (
    <>
      <PageHeading caption="ASB Case Review (Community Trigger)">Referrals</PageHeading>
      <p className="govuk-body">
        <Link href="/referrals/new" className="govuk-button" role="button" data-module="govuk-button">
          Refer an application
        </Link>
      </p>
      <ErrorSummary errors={problems(error).map((text) => ({ text }))} />
      {fetching && !data && <Loading />}
      {data && (
        <>
          <h2 className="govuk-heading-m">Referrals received</h2>
          {received.length === 0 ? (
            <p className="govuk-body" data-testid="received-empty">
              No agency has referred an application to your authority.
            </p>
          ) : (
            <table className="govuk-table" data-testid="referrals-received">
              <caption className="govuk-table__caption govuk-visually-hidden">Applications other agencies referred to your authority, newest first</caption>
              <thead className="govuk-table__head">
                <tr className="govuk-table__row">
                  <th scope="col" className="govuk-table__header">
                    Application
                  </th>
                  <th scope="col" className="govuk-table__header">
                    Referred by
                  </th>
                  <th scope="col" className="govuk-table__header">
                    Received by them
                  </th>
                  <th scope="col" className="govuk-table__header">
                    Referred
                  </th>
                  <th scope="col" className="govuk-table__header">
                    Their note
                  </th>
                </tr>
              </thead>
              <tbody className="govuk-table__body">
                {received.map((r) => (
                  <tr className="govuk-table__row" key={r.id} data-testid={`received-${r.id}`}>
                    <th scope="row" className="govuk-table__header">
                      {r.application ? <Link href={`/applications/${r.application.id}`}>{r.application.reference}</Link> : 'Not available'}
                      {r.application && (
                        <>
                          <br />
                          <span className="govuk-body-s">{humanise(r.application.status)}</span>
                        </>
                      )}
                      {r.repeat && (
                        <>
                          {' '}
                          <Tag colour="yellow">Joined an open application</Tag>
                        </>
                      )}
                    </th>
                    <td className="govuk-table__cell">{r.referringAgency.name}</td>
                    <td className="govuk-table__cell">
                      {humanise(r.receivedVia)}, {formatDateTime(r.receivedAt)}
                    </td>
                    <td className="govuk-table__cell">{formatDateTime(r.referredAt)}</td>
                    <td className="govuk-table__cell">{r.note ?? <span className="govuk-hint app-none">None</span>}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          <h2 className="govuk-heading-m">Referrals sent</h2>
          {sent.length === 0 ? (
            <p className="govuk-body" data-testid="sent-empty">
              Your agency has not referred an application.
            </p>
          ) : (
            <table className="govuk-table" data-testid="referrals-sent">
              <caption className="govuk-table__caption govuk-visually-hidden">Applications your agency referred, newest first</caption>
              <thead className="govuk-table__head">
                <tr className="govuk-table__row">
                  <th scope="col" className="govuk-table__header">
                    Application
                  </th>
                  <th scope="col" className="govuk-table__header">
                    Referred to
                  </th>
                  <th scope="col" className="govuk-table__header">
                    Where it stands
                  </th>
                  <th scope="col" className="govuk-table__header">
                    Referred
                  </th>
                </tr>
              </thead>
              <tbody className="govuk-table__body">
                {sent.map((r) => (
                  <tr className="govuk-table__row" key={r.id} data-testid={`sent-${r.id}`}>
                    <th scope="row" className="govuk-table__header">
                      {r.application?.reference ?? 'Not available'}
                      {r.repeat && (
                        <>
                          {' '}
                          <Tag colour="yellow">Joined an open application</Tag>
                        </>
                      )}
                    </th>
                    <td className="govuk-table__cell">{r.authority.name}</td>
                    <td className="govuk-table__cell">{r.application ? humanise(r.application.status) : ''}</td>
                    <td className="govuk-table__cell">{formatDateTime(r.referredAt)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </>
      )}
    </>
  );
}

/**
 * "Refer an application": an agency that received an application for an ASB Case Review (the
 * police at a 101 call, a housing officer) passes it to the authority's SPOC. The people are
 * registered as the referring agency's own records and the victim's consent recorded naming the
 * authority (without it the hub records the application as not pursued), then referred.
 */
export function ReferApplication() {
  const own = currentSession()?.agency ?? '';
  const [agencies] = useQuery({ query: PartnersQuery });
  const [authorityId, setAuthorityId] = useState('');
  const [receivedVia, setReceivedVia] = useState<ApplicationChannel | ''>('');
  const [receivedAt, setReceivedAt] = useState('');
  const [applicantType, setApplicantType] = useState<ApplicantType | ''>('');
  const [applicant, setApplicant] = useState<PersonForm>(emptyPerson);
  const [victim, setVictim] = useState<PersonForm>(emptyPerson);
  const [consent, setConsent] = useState<'yes' | 'no' | ''>('');
  const [partners, setPartners] = useState<string[]>([]);
  const [summary, setSummary] = useState('');
  const [note, setNote] = useState('');
  const { errors, setErrors, of } = useFieldErrors();
  const [apiProblem, setApiProblem] = useState<CombinedError | undefined>();
  const [done, setDone] = useState<{ reference: string; status: string; authority: string; repeat: boolean } | null>(null);
  const [busy, setBusy] = useState(false);
  const [, register] = useMutation(RegisterPerson);
  const [, recordConsent] = useMutation(RecordConsent);
  const [, refer] = useMutation(Refer);

  const all = agencies.data?.agencies ?? [];
  const authorities = all.filter((a) => a.isAuthority && a.id !== own);
  const authority = all.find((a) => a.id === authorityId);
  const partnersOf = all.filter((a) => a.id !== authorityId && a.id !== own && (!authority || a.area === authority.area));
  const agencyApplies = applicantType === 'AGENCY';
  const victimApplies = applicantType === 'VICTIM';

  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    setApiProblem(undefined);
    setDone(null);
    const errs: FieldError[] = [];
    check(errs, !authorityId, 'authority', 'Select the council the application is for');
    check(errs, !receivedVia, 'received-via', 'Select how your agency received the application');
    check(errs, !!receivedAt && new Date(receivedAt) > new Date(), 'received-at', 'The time your agency received it must be in the past');
    check(errs, !applicantType, 'applicant-type', 'Select who is applying');
    if (applicantType && !agencyApplies) checkPerson(errs, 'applicant', victimApplies ? 'victim' : 'applicant', applicant);
    if (applicantType && !victimApplies) checkPerson(errs, 'victim', 'victim', victim);
    check(errs, !consent, 'consent', 'Select whether the victim consents to share their details');
    check(errs, !summary.trim(), 'summary', 'Describe the anti-social behaviour the application is about');
    setErrors(errs);
    if (errs.length || !receivedVia || !applicantType) return;

    setBusy(true);
    try {
      let applicantPersonId: string | undefined;
      let victimPersonId: string | undefined;
      if (!agencyApplies) {
        const r = await register({ input: personInput(applicant) });
        if (r.error) return setApiProblem(r.error);
        applicantPersonId = r.data!.registerPerson.id;
      }
      if (!victimApplies) {
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
            captureMethod: CAPTURE[receivedVia],
            noticeVersion: NOTICE_VERSION,
            recipientAgencyIds: [...new Set([authorityId, own, ...partners])],
          },
        });
        if (r.error) return setApiProblem(r.error);
        consentId = r.data!.recordConsent.id;
      }
      const r = await refer({
        input: {
          authorityId,
          applicantType,
          applicantPersonId,
          applicantAgencyId: agencyApplies ? own : undefined,
          victimPersonId,
          consentToShare: consent === 'yes',
          consentId,
          summary: summary.trim(),
          receivedVia,
          receivedAt: receivedAt ? new Date(receivedAt).toISOString() : undefined,
          note: note.trim() || undefined,
        },
      });
      if (r.error) return setApiProblem(r.error);
      const made = r.data!.referTriggerApplication;
      setDone({ reference: made.application?.reference ?? '', status: made.application?.status ?? '', authority: made.authority.name, repeat: made.repeat });
      window.scrollTo(0, 0);
    } finally {
      setBusy(false);
    }
  };

  const summaryErrors = [
    ...errors,
    ...apiErrors(apiProblem, {
      'input.authorityId': 'authority',
      'input.receivedAt': 'received-at',
      'input.consentId': 'consent',
      'input.summary': 'summary',
      'input.note': 'note',
    }),
  ];
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <ErrorSummary errors={summaryErrors} />
        {done && (
          <SuccessBanner title="Referred" testId="referred">
            <p className="govuk-notification-banner__heading">
              {done.repeat ? 'It joined the application already open' : 'Application'} {done.reference} with {done.authority}:{' '}
              {humanise(done.status).toLowerCase()}.
            </p>
            <p className="govuk-body">
              {done.status === 'NOT_PURSUED'
                ? 'Without the victim’s consent naming the council, the application is recorded as not pursued.'
                : 'The council’s SPOC has it in their work queue.'}{' '}
              <Link href="/referrals">See your referrals</Link>.
            </p>
          </SuccessBanner>
        )}
        <PageHeading caption="ASB Case Review (Community Trigger)">Refer an application</PageHeading>
        <p className="govuk-body">
          When someone asks your agency for an ASB Case Review, refer it to the council’s single point of contact. The council’s time limits run from when it is
          referred; your record of the referral is kept beside theirs.
        </p>
        <form onSubmit={onSubmit} noValidate>
          <Select
            id="authority"
            label="Which council is the application for?"
            hint="The council for the area where the anti-social behaviour happens"
            value={authorityId}
            onChange={setAuthorityId}
            options={authorities.map((a) => [a.id, a.name])}
            placeholder="Select a council"
            error={of('authority')}
          />
          <Radios
            id="received-via"
            legend="How did your agency receive it?"
            options={CHANNELS.map(({ value, label }) => ({ value, label }))}
            value={receivedVia}
            onChange={setReceivedVia}
            error={of('received-via')}
          />
          <TextInput
            id="received-at"
            label="When did your agency receive it? (optional)"
            hint="Leave empty for now"
            type="datetime-local"
            value={receivedAt}
            onChange={setReceivedAt}
            error={of('received-at')}
          />
          <Radios
            id="applicant-type"
            legend="Who is applying?"
            options={APPLICANT_TYPES.map((o) => (o.value === 'AGENCY' ? { ...o, label: 'Your agency, on the victim’s behalf' } : o))}
            value={applicantType}
            onChange={setApplicantType}
            error={of('applicant-type')}
          />
          {applicantType && !agencyApplies && (
            <PersonFields
              prefix="applicant"
              legend={victimApplies ? 'The victim (applying)' : 'The applicant'}
              person={applicant}
              onChange={setApplicant}
              of={of}
            />
          )}
          {applicantType && !victimApplies && <PersonFields prefix="victim" legend="The victim" person={victim} onChange={setVictim} of={of} />}
          <Radios
            id="consent"
            legend="Does the victim consent to share their details with the council and its partners?"
            hint={`Without the victim’s consent naming the council the application is recorded as not pursued. Read or send the privacy notice (version ${NOTICE_VERSION}) before asking.`}
            options={[
              { value: 'yes', label: 'Yes, the victim consents' },
              { value: 'no', label: 'No', hint: 'The application will be recorded as not pursued' },
            ]}
            value={consent}
            onChange={setConsent}
            error={of('consent')}
          />
          {consent === 'yes' && partnersOf.length > 0 && (
            <Checkboxes
              id="partners"
              legend="Which other partner agencies may receive the victim’s details? (optional)"
              hint={`The consent names ${authority?.name ?? 'the council'} and your agency, and the agencies selected here.`}
              options={partnersOf.map((a) => ({ value: a.id, label: a.name }))}
              values={partners}
              onChange={setPartners}
              small
            />
          )}
          <TextArea
            id="summary"
            label="What the applicant describes"
            hint="The anti-social behaviour, where and since when"
            value={summary}
            onChange={setSummary}
            error={of('summary')}
            rows={5}
          />
          <TextArea
            id="note"
            label="A note to the council’s SPOC (optional)"
            hint="For example, incidents your agency holds"
            value={note}
            onChange={setNote}
            rows={3}
          />
          <button type="submit" className="govuk-button" disabled={busy}>
            Refer the application
          </button>
        </form>
      </div>
    </div>
  );
}
