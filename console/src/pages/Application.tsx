import { lazy, Suspense, useState, type FormEvent, type ReactNode } from 'react';
import { useMutation, useQuery } from 'urql';
import { graphql } from '../gql';
import type { DiscretionGround, TriggerDecision } from '../gql/graphql';
import { problems, withheldAt } from '../client';
import { base64Bytes, downloadBlob } from '../forms';
import { Link } from '../router';
import { ErrorSummary, Loading, PageHeading, SummaryList, Tag, Value, formatDate, formatDateTime, humanise } from '../ui';

const ApplicationQuery = graphql(`
  query ApplicationDetail($id: ID!) {
    triggerApplication(id: $id) {
      id
      reference
      status
      notPursuedReason
      channel
      applicantType
      summary
      consentToShare
      receivedAt
      acknowledgedAt
      meetingOn
      decision
      decidedAt
      decisionReason
      discretionGrounds
      repeatCount
      authority {
        id
        name
        area
      }
      applicant {
        id
        givenName
        familyName
        postcode
      }
      victim {
        id
        givenName
        familyName
        postcode
      }
      applicantAgency {
        id
        name
      }
      deadlines {
        kind
        dueOn
        metAt
        overdue
      }
      latestEvaluation {
        id
        policyName
        policyVersion
        met
        counted
        reporters
        metBy
        windowStart
        windowEnd
        evaluatedAt
        incidents {
          verdict
          route
          reason
          sourceRef
          occurredAt
          ownIncident
          agency {
            id
            name
          }
        }
      }
      letters {
        id
        kind
        subject
        sentAt
      }
      caseReviews {
        id
        status
        secondStage
      }
    }
  }
`);

const EvaluateMutation = graphql(`
  mutation EvaluateThreshold($id: ID!) {
    evaluateThreshold(applicationId: $id) {
      id
      met
      counted
    }
  }
`);

const DecideMutation = graphql(`
  mutation DecideApplication($id: ID!, $decision: TriggerDecision!, $reason: String, $discretion: [DiscretionGround!]) {
    decideApplication(applicationId: $id, decision: $decision, reason: $reason, discretion: $discretion) {
      id
      status
      decision
    }
  }
`);

const VictimPart = lazy(() => import('./Victim').then((m) => ({ default: m.VictimPart })));
const RiskPart = lazy(() => import('./Risk').then((m) => ({ default: m.RiskPart })));
const ConveneReview = lazy(() => import('./Convene').then((m) => ({ default: m.ConveneReview })));

const AcknowledgeMutation = graphql(`
  mutation AcknowledgeApplication($id: ID!, $meetingOn: Date) {
    acknowledgeApplication(applicationId: $id, meetingOn: $meetingOn) {
      id
      status
      acknowledgedAt
    }
  }
`);

/** CT1: a phone or written application is acknowledged by the SPOC (an online one at once, by the hub). */
function Acknowledge({ id, meetingOn, done }: { id: string; meetingOn?: string | null; done: () => void }) {
  const [when, setWhen] = useState(meetingOn ?? '');
  const [result, acknowledge] = useMutation(AcknowledgeMutation);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const r = await acknowledge({ id, meetingOn: when || null });
    if (!r.error) done();
  };
  return (
    <form onSubmit={submit} noValidate data-testid="acknowledge">
      <h2 className="govuk-heading-m">Acknowledgement</h2>
      <ErrorSummary errors={problems(result.error).map((text) => ({ text }))} />
      <div className="govuk-form-group">
        <label className="govuk-label" htmlFor="ack-meeting">
          Case review meeting date to give the applicant (optional)
        </label>
        <div id="ack-meeting-hint" className="govuk-hint">
          The acknowledgement letter (CT1) names it
        </div>
        <input
          className="govuk-input govuk-input--width-10"
          id="ack-meeting"
          type="date"
          aria-describedby="ack-meeting-hint"
          value={when}
          onChange={(e) => setWhen(e.target.value)}
        />
      </div>
      <button type="submit" className="govuk-button" disabled={result.fetching}>
        Acknowledge the application
      </button>
    </form>
  );
}

const NOT_PURSUED: Record<string, string> = {
  NO_CONSENT: 'The victim did not consent to share their details with the partner agencies',
  NO_CONSENT_RECORD: 'No consent naming the authority for case reviews was on record for the victim',
  CONSENT_WITHDRAWN: 'The victim withdrew their consent',
  WITHDRAWN_BY_APPLICANT: 'The applicant withdrew the application',
  OTHER: 'Other',
};

const VERDICT_COLOURS: Record<string, 'green' | 'grey' | 'yellow' | 'orange'> = {
  COUNTED: 'green',
  DUPLICATE_OF: 'grey',
  OUTSIDE_WINDOW: 'yellow',
  REPORTED_TOO_LATE: 'orange',
  NOT_SIMILAR: 'yellow',
  OTHER_REPORTER: 'grey',
};

const DECISIONS: Array<[TriggerDecision, string]> = [
  ['THRESHOLD_MET', 'Threshold met: convene a case review'],
  ['THRESHOLD_NOT_MET', 'Threshold not met (letter CT2)'],
  ['MET_ALL_ACTION_TAKEN', 'Threshold met, but all reasonable action has been taken (letter CT3)'],
];
const GROUNDS: Array<[DiscretionGround, string]> = [
  ['PERSISTENCE', 'Persistence of the anti-social behaviour'],
  ['HARM', 'Harm or potential harm caused'],
  ['ADEQUACY_OF_RESPONSE', 'Adequacy of the response to the incidents'],
];

function PersonName({
  person,
  base,
  error,
  role,
}: {
  role: string;
  person: { id: string; givenName?: string | null; familyName?: string | null; postcode?: string | null } | null | undefined;
  base: Array<string>;
  error: Parameters<typeof withheldAt>[0];
}) {
  if (!person) return <Value value={null} />;
  const w = withheldAt(error, [...base, 'givenName']) ?? withheldAt(error, [...base, 'familyName']);
  const name = [person.givenName, person.familyName].filter(Boolean).join(' ');
  return (
    <>
      <Value value={name || null} withheld={w} /> <Link href={`/people/${person.id}`}>Each agency’s record of the {role}</Link>
    </>
  );
}

export function Application({ id }: { id: string }) {
  const [{ data, fetching, error }, refetch] = useQuery({ query: ApplicationQuery, variables: { id } });
  const [evaluation, evaluate] = useMutation(EvaluateMutation);
  const [decision, decide] = useMutation(DecideMutation);
  const [choice, setChoice] = useState<TriggerDecision | ''>('');
  const [reason, setReason] = useState('');
  const [grounds, setGrounds] = useState<DiscretionGround[]>([]);
  const [formErrors, setFormErrors] = useState<Array<{ text: string; href?: string }>>([]);

  const app = data?.triggerApplication;
  if (fetching && !data) return <Loading />;
  if (!app)
    return (
      <>
        <ErrorSummary errors={[...problems(error).map((text) => ({ text })), ...(data ? [{ text: 'No such application, or you may not see it' }] : [])]} />
        <PageHeading>Application not available</PageHeading>
      </>
    );

  const ev = app.latestEvaluation;
  const runEvaluate = async () => {
    const r = await evaluate({ id });
    if (!r.error) refetch({ requestPolicy: 'network-only' });
  };
  const submitDecision = async (e: FormEvent) => {
    e.preventDefault();
    const errs: Array<{ text: string; href: string }> = [];
    if (!choice) errs.push({ text: 'Select a decision', href: '#decision-THRESHOLD_MET' });
    const against = ev && choice && (choice === 'THRESHOLD_NOT_MET' ? ev.met : !ev.met);
    if (against && !reason.trim()) errs.push({ text: 'Give the reason for deciding against the threshold evaluation', href: '#reason' });
    setFormErrors(errs);
    if (errs.length || !choice) return;
    const r = await decide({ id, decision: choice, reason: reason.trim() || null, discretion: grounds.length ? grounds : null });
    if (!r.error) refetch({ requestPolicy: 'network-only' });
  };
  const mutationProblems = [...problems(evaluation.error), ...problems(decision.error)].map((text) => ({ text }));
  const reasonError = formErrors.find((x) => x.href === '#reason');
  const decisionError = formErrors.find((x) => x.href?.startsWith('#decision'));

  return (
    <>
      <ErrorSummary errors={[...formErrors, ...mutationProblems, ...problems(error).map((text) => ({ text }))]} />
      <PageHeading caption={app.authority?.name ?? 'Application'}>{`Application ${app.reference}`}</PageHeading>
      <SummaryList
        rows={[
          ['Status', <Tag colour={app.status === 'CLOSED' || app.status === 'NOT_PURSUED' ? 'grey' : 'blue'}>{humanise(app.status)}</Tag>],
          ...(app.notPursuedReason
            ? ([['Why not pursued', NOT_PURSUED[app.notPursuedReason] ?? humanise(app.notPursuedReason)]] as Array<[string, ReactNode]>)
            : []),
          ['Received', `${formatDateTime(app.receivedAt)} (${humanise(app.channel)})`],
          ['Applicant', <PersonName role="applicant" person={app.applicant} base={['triggerApplication', 'applicant']} error={error} />],
          ...(app.victim
            ? ([['Victim', <PersonName role="victim" person={app.victim} base={['triggerApplication', 'victim']} error={error} />]] as Array<
                [string, ReactNode]
              >)
            : []),
          ...(app.applicantAgency ? ([['Applying agency', app.applicantAgency.name]] as Array<[string, ReactNode]>) : []),
          ['Applicant type', humanise(app.applicantType)],
          ['Consent to share', app.consentToShare ? 'Yes' : 'No'],
          ['What the applicant describes', <Value value={app.summary} withheld={withheldAt(error, ['triggerApplication', 'summary'])} />],
          ['Review meeting', <Value value={formatDate(app.meetingOn)} />],
          ['Decision', app.decision ? `${humanise(app.decision)} (${formatDateTime(app.decidedAt)})` : <Value value={null} />],
          ...(app.decision
            ? ([['Reasons', <Value value={app.decisionReason} withheld={withheldAt(error, ['triggerApplication', 'decisionReason'])} />]] as Array<
                [string, ReactNode]
              >)
            : []),
        ]}
      />

      <h2 className="govuk-heading-m">Time limits</h2>
      <table className="govuk-table">
        <thead className="govuk-table__head">
          <tr className="govuk-table__row">
            <th scope="col" className="govuk-table__header">
              Time limit
            </th>
            <th scope="col" className="govuk-table__header">
              Due
            </th>
            <th scope="col" className="govuk-table__header">
              Met
            </th>
          </tr>
        </thead>
        <tbody className="govuk-table__body">
          {app.deadlines.map((d) => (
            <tr className="govuk-table__row" key={d.kind}>
              <td className="govuk-table__cell">{humanise(d.kind)}</td>
              <td className="govuk-table__cell">{formatDate(d.dueOn)}</td>
              <td className="govuk-table__cell">
                {d.metAt ? formatDateTime(d.metAt) : d.overdue ? <Tag colour="red">Overdue</Tag> : <Tag colour="grey">Not yet</Tag>}
              </td>
            </tr>
          ))}
        </tbody>
      </table>

      {app.status === 'RECEIVED' && <Acknowledge id={app.id} meetingOn={app.meetingOn} done={() => refetch({ requestPolicy: 'network-only' })} />}

      <h2 className="govuk-heading-m">Threshold</h2>
      {ev ? (
        <>
          <div className={`govuk-inset-text${ev.met ? '' : ' app-inset--warning'}`} data-testid="threshold-verdict">
            <strong>{ev.met ? 'Threshold met' : 'Threshold not met'}</strong>: {ev.counted} incident{ev.counted === 1 ? '' : 's'} counted
            {ev.reporters != null ? ` from ${ev.reporters} reporter${ev.reporters === 1 ? '' : 's'}` : ''} under {ev.policyName} (version {ev.policyVersion}),
            window {formatDateTime(ev.windowStart)} to {formatDateTime(ev.windowEnd)}
            {ev.metBy ? `, by the ${humanise(ev.metBy).toLowerCase()} route` : ''}. Evaluated {formatDateTime(ev.evaluatedAt)}.
          </div>
          {ev.incidents.length === 0 && <p className="govuk-body">No incidents of the person were found in the window.</p>}
          <table className="govuk-table" hidden={ev.incidents.length === 0}>
            <caption className="govuk-table__caption govuk-table__caption--s">Every incident considered, with its verdict and the reason</caption>
            <thead className="govuk-table__head">
              <tr className="govuk-table__row">
                <th scope="col" className="govuk-table__header">
                  Occurred
                </th>
                <th scope="col" className="govuk-table__header">
                  Agency and reference
                </th>
                <th scope="col" className="govuk-table__header">
                  Verdict
                </th>
                <th scope="col" className="govuk-table__header">
                  Reason
                </th>
              </tr>
            </thead>
            <tbody className="govuk-table__body">
              {ev.incidents.map((i, n) => (
                <tr className="govuk-table__row" key={n}>
                  <td className="govuk-table__cell">{formatDateTime(i.occurredAt)}</td>
                  <td className="govuk-table__cell">
                    {i.agency.name}
                    <br />
                    <span className="govuk-hint">{i.sourceRef}</span>
                  </td>
                  <td className="govuk-table__cell">
                    <Tag colour={VERDICT_COLOURS[i.verdict]}>{humanise(i.verdict)}</Tag>
                    {!i.ownIncident && <span className="govuk-body-s"> (another reporter)</span>}
                  </td>
                  <td className="govuk-table__cell">{i.reason}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      ) : (
        <p className="govuk-body">The threshold has not been evaluated yet.</p>
      )}
      {!app.decision && app.status !== 'NOT_PURSUED' && app.status !== 'CLOSED' && (
        <button type="button" className="govuk-button govuk-button--secondary" onClick={runEvaluate} disabled={evaluation.fetching}>
          {ev ? 'Evaluate the threshold again' : 'Evaluate the threshold'}
        </button>
      )}

      {!app.decision && ev && app.status !== 'RECEIVED' && app.status !== 'NOT_PURSUED' && (
        <form onSubmit={submitDecision} noValidate>
          <h2 className="govuk-heading-m">Decision</h2>
          <div className={`govuk-form-group${decisionError ? ' govuk-form-group--error' : ''}`}>
            <fieldset className="govuk-fieldset">
              <legend className="govuk-fieldset__legend govuk-fieldset__legend--s">What is your decision?</legend>
              {decisionError && (
                <p className="govuk-error-message">
                  <span className="govuk-visually-hidden">Error:</span> {decisionError.text}
                </p>
              )}
              <div className="govuk-radios" data-module="govuk-radios">
                {DECISIONS.map(([value, label]) => (
                  <div className="govuk-radios__item" key={value}>
                    <input
                      className="govuk-radios__input"
                      id={`decision-${value}`}
                      name="decision"
                      type="radio"
                      checked={choice === value}
                      onChange={() => setChoice(value)}
                    />
                    <label className="govuk-label govuk-radios__label" htmlFor={`decision-${value}`}>
                      {label}
                    </label>
                  </div>
                ))}
              </div>
            </fieldset>
          </div>
          <div className="govuk-form-group">
            <fieldset className="govuk-fieldset" aria-describedby="discretion-hint">
              <legend className="govuk-fieldset__legend govuk-fieldset__legend--s">Grounds for discretion</legend>
              <div id="discretion-hint" className="govuk-hint">
                When you proceed although the count fell short, select every ground that applies.
              </div>
              <div className="govuk-checkboxes govuk-checkboxes--small" data-module="govuk-checkboxes">
                {GROUNDS.map(([value, label]) => (
                  <div className="govuk-checkboxes__item" key={value}>
                    <input
                      className="govuk-checkboxes__input"
                      id={`ground-${value}`}
                      type="checkbox"
                      checked={grounds.includes(value)}
                      onChange={(e) => setGrounds(e.target.checked ? [...grounds, value] : grounds.filter((g) => g !== value))}
                    />
                    <label className="govuk-label govuk-checkboxes__label" htmlFor={`ground-${value}`}>
                      {label}
                    </label>
                  </div>
                ))}
              </div>
            </fieldset>
          </div>
          <div className={`govuk-form-group${reasonError ? ' govuk-form-group--error' : ''}`}>
            <label className="govuk-label govuk-label--s" htmlFor="reason">
              Reasons for the decision
            </label>
            <div id="reason-hint" className="govuk-hint">
              Required when your decision differs from the threshold evaluation. The applicant’s letter quotes it.
            </div>
            {reasonError && (
              <p id="reason-error" className="govuk-error-message">
                <span className="govuk-visually-hidden">Error:</span> {reasonError.text}
              </p>
            )}
            <textarea
              className={`govuk-textarea${reasonError ? ' govuk-textarea--error' : ''}`}
              id="reason"
              rows={4}
              aria-describedby={`reason-hint${reasonError ? ' reason-error' : ''}`}
              value={reason}
              onChange={(e) => setReason(e.target.value)}
            />
          </div>
          <button type="submit" className="govuk-button" disabled={decision.fetching}>
            Record the decision
          </button>
        </form>
      )}

      {app.authority && app.status !== 'CLOSED' && app.status !== 'NOT_PURSUED' && (
        <Suspense fallback={<Loading />}>
          <VictimPart applicationId={app.id} authorityId={app.authority.id} area={app.authority.area} />
        </Suspense>
      )}

      {app.authority && (
        <Suspense fallback={<Loading />}>
          <RiskPart applicationId={app.id} authorityId={app.authority.id} />
        </Suspense>
      )}

      <h2 className="govuk-heading-m">Letters</h2>
      {app.letters.length === 0 ? (
        <p className="govuk-body">No letters have been sent yet.</p>
      ) : (
        <ul className="govuk-list govuk-list--bullet" data-testid="letters">
          {app.letters.map((l) => (
            <li key={l.id}>
              <Link href={`/applications/${app.id}/letters/${l.id}`}>
                {l.kind}: {l.subject}
              </Link>{' '}
              <span className="govuk-hint">sent {formatDateTime(l.sentAt)}</span>
            </li>
          ))}
        </ul>
      )}

      {((app.status === 'DECIDED' && app.decision === 'THRESHOLD_MET' && (app.caseReviews ?? []).length === 0) ||
        (app.status === 'APPEALED' && !(app.caseReviews ?? []).some((r) => r.secondStage))) &&
        app.authority && (
          <Suspense fallback={<Loading />}>
            <ConveneReview applicationId={app.id} authorityId={app.authority.id} area={app.authority.area} secondStage={app.status === 'APPEALED'} />
          </Suspense>
        )}

      {app.caseReviews && app.caseReviews.length > 0 && (
        <>
          <h2 className="govuk-heading-m">Case reviews</h2>
          <ul className="govuk-list">
            {app.caseReviews.map((r) => (
              <li key={r.id}>
                <Link href={`/reviews/${r.id}`}>{r.secondStage ? 'Second-stage review' : 'Case review'}</Link> <Tag colour="blue">{humanise(r.status)}</Tag>
              </li>
            ))}
          </ul>
        </>
      )}
      <p className="govuk-body">
        <Link href="/queue">Back to the work queue</Link>
      </p>
    </>
  );
}

const LetterQuery = graphql(`
  query LetterToPrint($id: ID!) {
    triggerApplication(id: $id) {
      id
      reference
      letters {
        id
        kind
        subject
        sentAt
        html
        pdf
      }
    }
  }
`);

/**
 * A letter as sent, ready to print. Its HTML is rendered by the hub from escaped templates
 * (subgraphs/triggers/letters/render.ts); only its body is shown, inside the console's page.
 */
export function LetterPage({ applicationId, letterId }: { applicationId: string; letterId: string }) {
  const [{ data, fetching, error }] = useQuery({ query: LetterQuery, variables: { id: applicationId } });
  if (fetching && !data) return <Loading />;
  const index = data?.triggerApplication?.letters.findIndex((l) => l.id === letterId) ?? -1;
  const letter = index >= 0 ? data!.triggerApplication!.letters[index] : undefined;
  if (!letter)
    return (
      <>
        <ErrorSummary errors={[...problems(error).map((text) => ({ text })), { text: 'No such letter, or you may not see it' }]} />
        <PageHeading>Letter not available</PageHeading>
      </>
    );
  const withheld = withheldAt(error, ['triggerApplication', 'letters', index, 'html']);
  const body = letter.html ? (new DOMParser().parseFromString(letter.html, 'text/html').body.innerHTML ?? '') : '';
  return (
    <>
      <div className="app-no-print">
        <Link href={`/applications/${applicationId}`} className="govuk-back-link">
          Back to {data!.triggerApplication!.reference}
        </Link>
        <PageHeading caption={`${letter.kind}, sent ${formatDateTime(letter.sentAt)}`}>{letter.subject}</PageHeading>
        {!withheld && (
          <div className="govuk-button-group">
            <button type="button" className="govuk-button" onClick={() => window.print()}>
              Print this letter
            </button>
            {letter.pdf && (
              <button
                type="button"
                className="govuk-button govuk-button--secondary"
                onClick={() =>
                  downloadBlob(`${data!.triggerApplication!.reference}-${letter.kind}.pdf`, new Blob([base64Bytes(letter.pdf!)], { type: 'application/pdf' }))
                }
              >
                Download as PDF
              </button>
            )}
          </div>
        )}
      </div>
      {withheld ? (
        <Value value={null} withheld={withheld} />
      ) : (
        <article className="app-letter" data-testid="letter" dangerouslySetInnerHTML={{ __html: body }} />
      )}
    </>
  );
}
