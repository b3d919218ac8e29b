import { useState, type FormEvent } from 'react';
import { useMutation, useQuery } from 'urql';
import { graphql } from '../gql';
import type { ActionItemStatus, FindingKind } from '../gql/graphql';
import { currentSession } from '../auth';
import { problems, withheldAt } from '../client';
import { apiErrors, check, Checkboxes, localToIso, Radios, Select, SuccessBanner, TextArea, TextInput, useFieldErrors, type FieldError } from '../forms';
import { ErrorSummary, Loading, Tag, Value, formatDate, formatDateTime, humanise } from '../ui';

const WorkQuery = graphql(`
  query ReviewWork($id: ID!) {
    caseReview(id: $id) {
      id
      status
      victimInvitedAt
      meetingAt
      application {
        id
        authority {
          id
        }
      }
      panel {
        id
        name
      }
      informationRequests {
        id
        request
        dueOn
        requestedAt
        response
        respondedAt
        includesVexatiousReports
        includesWorkInProgress
        overdue
        agency {
          id
          name
        }
      }
      findings {
        id
        kind
        text
        automatic
        recordedAt
        agency {
          id
          name
        }
      }
      actionItems {
        id
        description
        dueOn
        status
        completionEvidence
        completedAt
        overdue
        ownerAgency {
          id
          name
        }
      }
    }
  }
`);

const Invite = graphql(`
  mutation InviteVictim($reviewId: ID!, $meetingAt: DateTimeISO) {
    inviteVictim(reviewId: $reviewId, meetingAt: $meetingAt) {
      id
      victimInvitedAt
    }
  }
`);
const RecordFinding = graphql(`
  mutation RecordFinding($reviewId: ID!, $kind: FindingKind!, $text: String!, $agencyId: ID) {
    recordFinding(reviewId: $reviewId, kind: $kind, text: $text, agencyId: $agencyId) {
      id
    }
  }
`);
const AddAction = graphql(`
  mutation AddActionItem($reviewId: ID!, $owner: ID!, $description: String!, $dueOn: Date!) {
    addActionItem(reviewId: $reviewId, ownerAgencyId: $owner, description: $description, dueOn: $dueOn) {
      id
    }
  }
`);
const UpdateAction = graphql(`
  mutation UpdateActionItem($id: ID!, $status: ActionItemStatus!, $evidence: String) {
    updateActionItem(id: $id, status: $status, completionEvidence: $evidence) {
      id
      status
    }
  }
`);
const RequestInfo = graphql(`
  mutation RequestInformation($reviewId: ID!, $agencyId: ID!, $request: String!, $dueOn: Date!) {
    requestInformation(reviewId: $reviewId, agencyId: $agencyId, request: $request, dueOn: $dueOn) {
      id
    }
  }
`);
const Respond = graphql(`
  mutation RespondToInformationRequest($id: ID!, $response: String!, $vexatious: Boolean!, $inProgress: Boolean!) {
    respondToInformationRequest(id: $id, response: $response, includesVexatiousReports: $vexatious, includesWorkInProgress: $inProgress) {
      id
      respondedAt
    }
  }
`);

const KINDS: Array<{ value: FindingKind; label: string; hint: string }> = [
  { value: 'FINDING', label: 'Finding', hint: 'What the panel established about the case and the response to it' },
  { value: 'RECOMMENDATION', label: 'Recommendation', hint: 'What an agency should do; agreed actions go in the action plan' },
];
const STATUSES: ActionItemStatus[] = ['OPEN', 'IN_PROGRESS', 'DONE', 'CANCELLED'];
const today = () => new Date().toISOString().slice(0, 10);

type Refresh = () => void;

/**
 * The panel's work on a review, below its case history: the victim invited, information asked of
 * panel agencies and answered, findings and recommendations, the action plan. Each form is shown to
 * the roles the hub lets act (platform/catalogue.ts); the hub checks the rest.
 */
export function ReviewWork({ id }: { id: string }) {
  const [{ data, fetching, error }, refetch] = useQuery({ query: WorkQuery, variables: { id } });
  const session = currentSession();
  if (fetching && !data) return <Loading />;
  const review = data?.caseReview;
  if (!review) return null;
  const refresh: Refresh = () => refetch({ requestPolicy: 'network-only' });
  const spoc = !!session?.roles.includes('spoc') && review.application?.authority?.id === session.agency;
  const panelMember = !!session && (session.roles.includes('reviewer') || session.roles.includes('spoc')) && review.panel.some((a) => a.id === session.agency);
  const open = review.status !== 'CLOSED';
  const findings = review.findings.map((f, i) => ({ ...f, i }));
  return (
    <div data-testid="review-work">
      <ErrorSummary errors={problems(error).map((text) => ({ text }))} />
      <h2 className="govuk-heading-l">The review</h2>
      <h3 className="govuk-heading-m">Victim</h3>
      <p className="govuk-body" data-testid="victim-invited">
        {review.victimInvitedAt ? `Invited to the review ${formatDateTime(review.victimInvitedAt)}.` : 'Not yet invited to the review.'}
      </p>
      {spoc && open && !review.victimInvitedAt && <InviteVictim reviewId={id} meetingAt={review.meetingAt} refresh={refresh} />}

      <h3 className="govuk-heading-m">Information requests</h3>
      {review.informationRequests.length === 0 ? (
        <p className="govuk-body">No information has been asked for.</p>
      ) : (
        <ul className="govuk-list" data-testid="information-requests">
          {review.informationRequests.map((r, i) => (
            <li key={r.id} className="app-card">
              <p className="govuk-body govuk-!-margin-bottom-1">
                <strong>{r.agency.name}</strong>, due {formatDate(r.dueOn)}{' '}
                {r.respondedAt ? <Tag colour="green">Answered</Tag> : r.overdue ? <Tag colour="red">Overdue</Tag> : <Tag colour="yellow">Awaiting answer</Tag>}
              </p>
              <p className="govuk-body">
                <Value value={r.request} withheld={withheldAt(error, ['caseReview', 'informationRequests', i, 'request'])} />
              </p>
              {r.respondedAt && (
                <p className="govuk-body">
                  Answer ({formatDateTime(r.respondedAt)}):{' '}
                  <Value value={r.response} withheld={withheldAt(error, ['caseReview', 'informationRequests', i, 'response'])} />
                </p>
              )}
              {r.respondedAt && (r.includesVexatiousReports || r.includesWorkInProgress) && (
                <p className="govuk-body" data-testid={`response-marks-${i}`}>
                  {r.includesVexatiousReports && <Tag colour="orange">Includes reports judged vexatious</Tag>}{' '}
                  {r.includesWorkInProgress && <Tag colour="purple">Includes work in progress</Tag>}
                </p>
              )}
              {!r.respondedAt && open && r.agency.id === session?.agency && panelMember && <RespondForm requestId={r.id} n={i} refresh={refresh} />}
            </li>
          ))}
        </ul>
      )}
      {spoc && open && <RequestForm reviewId={id} panel={review.panel} refresh={refresh} />}

      {(['FINDING', 'RECOMMENDATION'] as const).map((kind) => {
        const list = findings.filter((f) => f.kind === kind);
        return (
          <div key={kind}>
            <h3 className="govuk-heading-m">{kind === 'FINDING' ? 'Findings' : 'Recommendations'}</h3>
            {list.length === 0 ? (
              <p className="govuk-body">None recorded.</p>
            ) : (
              <ol className="govuk-list govuk-list--number" data-testid={kind === 'FINDING' ? 'findings' : 'recommendations'}>
                {list.map((f) => (
                  <li key={f.id}>
                    <Value value={f.text} withheld={withheldAt(error, ['caseReview', 'findings', f.i, 'text'])} />{' '}
                    <span className="govuk-hint">
                      {f.agency ? `about ${f.agency.name}, ` : ''}
                      {formatDateTime(f.recordedAt)}
                      {f.automatic ? ' (recorded by the hub: a request unanswered by the meeting)' : ''}
                    </span>
                  </li>
                ))}
              </ol>
            )}
          </div>
        );
      })}
      {panelMember && open && <FindingForm reviewId={id} panel={review.panel} refresh={refresh} />}

      <h3 className="govuk-heading-m">Action plan</h3>
      {review.actionItems.length === 0 ? (
        <p className="govuk-body">No actions agreed yet.</p>
      ) : (
        <table className="govuk-table" data-testid="action-items">
          <caption className="govuk-visually-hidden">The actions agreed, with their owners and due dates</caption>
          <thead className="govuk-table__head">
            <tr className="govuk-table__row">
              <th scope="col" className="govuk-table__header">
                Action
              </th>
              <th scope="col" className="govuk-table__header">
                Owner
              </th>
              <th scope="col" className="govuk-table__header">
                Due
              </th>
              <th scope="col" className="govuk-table__header">
                Status
              </th>
            </tr>
          </thead>
          <tbody className="govuk-table__body">
            {review.actionItems.map((a, i) => (
              <tr className="govuk-table__row" key={a.id}>
                <td className="govuk-table__cell">
                  <Value value={a.description} withheld={withheldAt(error, ['caseReview', 'actionItems', i, 'description'])} />
                  {a.completionEvidence && <div className="govuk-hint">Evidence: {a.completionEvidence}</div>}
                </td>
                <td className="govuk-table__cell">{a.ownerAgency.name}</td>
                <td className="govuk-table__cell">{formatDate(a.dueOn)}</td>
                <td className="govuk-table__cell">
                  <Tag colour={a.status === 'DONE' ? 'green' : a.overdue ? 'red' : 'blue'}>
                    {a.overdue ? `${humanise(a.status)}, overdue` : humanise(a.status)}
                  </Tag>
                  {(spoc || a.ownerAgency.id === session?.agency) && a.status !== 'DONE' && a.status !== 'CANCELLED' && (
                    <UpdateActionForm id={a.id} n={i} status={a.status} refresh={refresh} />
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {spoc && open && <ActionForm reviewId={id} panel={review.panel} refresh={refresh} />}
    </div>
  );
}

function InviteVictim({ reviewId, meetingAt, refresh }: { reviewId: string; meetingAt?: string | null; refresh: Refresh }) {
  const [when, setWhen] = useState('');
  const [result, invite] = useMutation(Invite);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const r = await invite({ reviewId, meetingAt: localToIso(when) });
    if (!r.error) refresh();
  };
  return (
    <form onSubmit={submit} noValidate>
      <ErrorSummary errors={apiErrors(result.error, { meetingAt: 'invite-meeting' })} />
      <TextInput
        id="invite-meeting"
        label="Meeting time to give the victim (optional)"
        hint={meetingAt ? `The review meets ${formatDateTime(meetingAt)}` : 'No meeting time is set yet'}
        type="datetime-local"
        value={when}
        onChange={setWhen}
      />
      <button type="submit" className="govuk-button govuk-button--secondary" disabled={result.fetching}>
        Record that the victim was invited
      </button>
    </form>
  );
}

function RequestForm({ reviewId, panel, refresh }: { reviewId: string; panel: Array<{ id: string; name: string }>; refresh: Refresh }) {
  const [agencyId, setAgencyId] = useState('');
  const [request, setRequest] = useState('');
  const [dueOn, setDueOn] = useState('');
  const { errors, setErrors, of } = useFieldErrors();
  const [result, ask] = useMutation(RequestInfo);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const errs: FieldError[] = [];
    check(errs, !agencyId, 'request-agency', 'Select the agency to ask');
    check(errs, !request.trim(), 'request-text', 'Enter what the agency is asked for');
    if (!check(errs, !dueOn, 'request-due', 'Enter the date the answer is due'))
      check(errs, dueOn < today(), 'request-due', 'The answer must be due today or later');
    setErrors(errs);
    if (errs.length) return;
    const r = await ask({ reviewId, agencyId, request: request.trim(), dueOn });
    if (!r.error) {
      setRequest('');
      setDueOn('');
      refresh();
    }
  };
  return (
    <form onSubmit={submit} noValidate>
      <ErrorSummary errors={[...errors, ...apiErrors(result.error, { agencyId: 'request-agency', request: 'request-text', dueOn: 'request-due' })]} />
      <h4 className="govuk-heading-s">Ask a panel agency for information</h4>
      <Select
        id="request-agency"
        label="Agency"
        value={agencyId}
        onChange={setAgencyId}
        placeholder="Select an agency"
        options={panel.map((a) => [a.id, a.name])}
        error={of('request-agency')}
      />
      <TextArea id="request-text" label="What is asked" value={request} onChange={setRequest} error={of('request-text')} rows={3} />
      <TextInput id="request-due" label="Answer due" type="date" value={dueOn} onChange={setDueOn} error={of('request-due')} />
      <button type="submit" className="govuk-button govuk-button--secondary" disabled={result.fetching}>
        Send the request
      </button>
    </form>
  );
}

function RespondForm({ requestId, n, refresh }: { requestId: string; n: number; refresh: Refresh }) {
  const [response, setResponse] = useState('');
  const [marks, setMarks] = useState<Array<'vexatious' | 'in-progress'>>([]);
  const { errors, setErrors, of } = useFieldErrors();
  const [result, respond] = useMutation(Respond);
  const id = `response-${n}`;
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const errs: FieldError[] = [];
    check(errs, !response.trim(), id, 'Enter your agency’s answer');
    setErrors(errs);
    if (errs.length) return;
    const r = await respond({ id: requestId, response: response.trim(), vexatious: marks.includes('vexatious'), inProgress: marks.includes('in-progress') });
    if (!r.error) refresh();
  };
  return (
    <form onSubmit={submit} noValidate>
      <ErrorSummary errors={[...errors, ...apiErrors(result.error, { response: id })]} />
      <TextArea id={id} label="Your agency’s answer" value={response} onChange={setResponse} error={of(id)} rows={3} />
      <Checkboxes
        id={`marks-${n}`}
        legend="Does the answer include any of these?"
        hint="The panel weighs such parts with care (Kent’s information request form)"
        options={[
          { value: 'vexatious', label: 'Reports your agency judged vexatious' },
          { value: 'in-progress', label: 'Work still in progress', hint: 'For example an investigation not yet finished' },
        ]}
        values={marks}
        onChange={setMarks}
        small
      />
      <button type="submit" className="govuk-button govuk-button--secondary" disabled={result.fetching}>
        Send the answer
      </button>
    </form>
  );
}

function FindingForm({ reviewId, panel, refresh }: { reviewId: string; panel: Array<{ id: string; name: string }>; refresh: Refresh }) {
  const [kind, setKind] = useState<FindingKind | ''>('');
  const [text, setText] = useState('');
  const [agencyId, setAgencyId] = useState('');
  const [done, setDone] = useState<string | null>(null);
  const { errors, setErrors, of } = useFieldErrors();
  const [result, record] = useMutation(RecordFinding);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const errs: FieldError[] = [];
    check(errs, !kind, 'finding-kind', 'Select whether it is a finding or a recommendation');
    check(errs, !text.trim(), 'finding-text', 'Enter the finding or recommendation');
    setErrors(errs);
    if (errs.length || !kind) return;
    const r = await record({ reviewId, kind, text: text.trim(), agencyId: agencyId || null });
    if (!r.error) {
      setDone(kind === 'FINDING' ? 'Finding recorded' : 'Recommendation recorded');
      setText('');
      refresh();
    }
  };
  return (
    <form onSubmit={submit} noValidate>
      {done && (
        <SuccessBanner testId="finding-recorded">
          <p className="govuk-notification-banner__heading">{done}.</p>
        </SuccessBanner>
      )}
      <ErrorSummary errors={[...errors, ...apiErrors(result.error, { text: 'finding-text', kind: 'finding-kind', agencyId: 'finding-agency' })]} />
      <h4 className="govuk-heading-s">Record a finding or recommendation</h4>
      <Radios id="finding-kind" legend="Type" options={KINDS} value={kind} onChange={setKind} error={of('finding-kind')} />
      <TextArea id="finding-text" label="Text" value={text} onChange={setText} error={of('finding-text')} rows={3} />
      <Select
        id="finding-agency"
        label="The agency it concerns (optional)"
        value={agencyId}
        onChange={setAgencyId}
        placeholder="None in particular"
        options={panel.map((a) => [a.id, a.name])}
      />
      <button type="submit" className="govuk-button govuk-button--secondary" disabled={result.fetching}>
        Record it
      </button>
    </form>
  );
}

function ActionForm({ reviewId, panel, refresh }: { reviewId: string; panel: Array<{ id: string; name: string }>; refresh: Refresh }) {
  const [owner, setOwner] = useState('');
  const [description, setDescription] = useState('');
  const [dueOn, setDueOn] = useState('');
  const { errors, setErrors, of } = useFieldErrors();
  const [result, add] = useMutation(AddAction);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const errs: FieldError[] = [];
    check(errs, !owner, 'action-owner', 'Select the agency that owns the action');
    check(errs, !description.trim(), 'action-description', 'Enter what is to be done');
    if (!check(errs, !dueOn, 'action-due', 'Enter the date the action is due'))
      check(errs, dueOn < today(), 'action-due', 'The action must be due today or later');
    setErrors(errs);
    if (errs.length) return;
    const r = await add({ reviewId, owner, description: description.trim(), dueOn });
    if (!r.error) {
      setDescription('');
      setDueOn('');
      refresh();
    }
  };
  return (
    <form onSubmit={submit} noValidate>
      <ErrorSummary
        errors={[...errors, ...apiErrors(result.error, { ownerAgencyId: 'action-owner', description: 'action-description', dueOn: 'action-due' })]}
      />
      <h4 className="govuk-heading-s">Add an action to the plan</h4>
      <Select
        id="action-owner"
        label="Owner"
        value={owner}
        onChange={setOwner}
        placeholder="Select an agency"
        options={panel.map((a) => [a.id, a.name])}
        error={of('action-owner')}
      />
      <TextArea id="action-description" label="What is to be done" value={description} onChange={setDescription} error={of('action-description')} rows={3} />
      <TextInput id="action-due" label="Due" type="date" value={dueOn} onChange={setDueOn} error={of('action-due')} />
      <button type="submit" className="govuk-button govuk-button--secondary" disabled={result.fetching}>
        Add the action
      </button>
    </form>
  );
}

function UpdateActionForm({ id, n, status, refresh }: { id: string; n: number; status: ActionItemStatus; refresh: Refresh }) {
  const [next, setNext] = useState<ActionItemStatus>(status);
  const [evidence, setEvidence] = useState('');
  const { errors, setErrors, of } = useFieldErrors();
  const [result, update] = useMutation(UpdateAction);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const errs: FieldError[] = [];
    check(errs, next === 'DONE' && !evidence.trim(), `action-evidence-${n}`, 'Enter the evidence that the action is done');
    setErrors(errs);
    if (errs.length) return;
    const r = await update({ id, status: next, evidence: evidence.trim() || null });
    if (!r.error) refresh();
  };
  return (
    <form onSubmit={submit} noValidate className="app-inline-form">
      <ErrorSummary errors={[...errors, ...apiErrors(result.error, { completionEvidence: `action-evidence-${n}`, status: `action-status-${n}` })]} />
      <Select
        id={`action-status-${n}`}
        label="Status"
        value={next}
        onChange={(v) => setNext(v as ActionItemStatus)}
        options={STATUSES.map((s) => [s, humanise(s)])}
      />
      {next === 'DONE' && (
        <TextArea
          id={`action-evidence-${n}`}
          label="Evidence of completion"
          value={evidence}
          onChange={setEvidence}
          error={of(`action-evidence-${n}`)}
          rows={2}
        />
      )}
      <button type="submit" className="govuk-button govuk-button--secondary govuk-!-margin-bottom-0" disabled={result.fetching}>
        Update
      </button>
    </form>
  );
}
