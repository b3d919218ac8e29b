import { useState, type FormEvent } from 'react';
import { useMutation, useQuery } from 'urql';
import { graphql } from '../gql';
import type { ProportionalityConclusion } from '../gql/graphql';
import { currentSession } from '../auth';
import { problems, withheldAt } from '../client';
import { apiErrors, check, localToIso, Radios, SuccessBanner, TextArea, TextInput, useFieldErrors, type FieldError } from '../forms';
import { ErrorSummary, Loading, SummaryList, Value, formatDate, formatDateTime, humanise } from '../ui';

const TemplatesQuery = graphql(`
  query ReviewTemplates($id: ID!) {
    caseReview(id: $id) {
      id
      status
      application {
        id
        authority {
          id
        }
      }
      panel {
        id
      }
      agendas {
        id
        meetingAt
        venue
        finalReview
        recordedAt
        items {
          heading
          notes
          leadAgency {
            id
            name
          }
        }
      }
      actionPlan {
        id
        issues
        desiredOutcome
        leadOfficer
        reviewOn
        version
        updatedAt
      }
      proportionalityAssessments {
        id
        proposedAction
        necessary
        conclusion
        changes
        reasons
        assessedAt
        assessedByAgency {
          id
          name
        }
      }
    }
  }
`);

const RecordAgenda = graphql(`
  mutation RecordCaseReviewAgenda($input: CaseReviewAgendaInput!) {
    recordCaseReviewAgenda(input: $input) {
      id
    }
  }
`);
const RecordPlan = graphql(`
  mutation RecordActionPlan($input: CaseReviewActionPlanInput!) {
    recordActionPlan(input: $input) {
      id
      version
    }
  }
`);
const RecordAssessment = graphql(`
  mutation RecordProportionality($input: PerpetratorProportionalityAssessmentInput!) {
    recordPerpetratorProportionalityAssessment(input: $input) {
      id
    }
  }
`);

const CONCLUSIONS: Array<{ value: ProportionalityConclusion; label: string }> = [
  { value: 'PROPORTIONATE', label: 'Proportionate' },
  { value: 'PROPORTIONATE_WITH_CHANGES', label: 'Proportionate with changes' },
  { value: 'NOT_PROPORTIONATE', label: 'Not proportionate' },
];
type Refresh = () => void;

/**
 * Derbyshire's templates on a review: the meeting agenda and the action plan (the authority's SPOC),
 * and the assessment of whether action against the perpetrator is necessary and proportionate (a
 * panel member). The hub keeps each version; the page shows the latest.
 */
export function ReviewTemplates({ id }: { id: string }) {
  const [{ data, fetching, error }, refetch] = useQuery({ query: TemplatesQuery, variables: { id } });
  const session = currentSession();
  if (fetching && !data) return <Loading />;
  const review = data?.caseReview;
  if (!review) return null;
  const refresh: Refresh = () => refetch({ requestPolicy: 'network-only' });
  const spoc = !!session?.roles.includes('spoc') && review.application?.authority?.id === session.agency;
  const panelMember = !!session && (session.roles.includes('reviewer') || session.roles.includes('spoc')) && review.panel.some((a) => a.id === session.agency);
  const open = review.status !== 'CLOSED';
  const plan = review.actionPlan;
  return (
    <div data-testid="review-templates">
      <ErrorSummary errors={problems(error).map((text) => ({ text }))} />
      <h2 className="govuk-heading-l">Meeting records</h2>

      <h3 className="govuk-heading-m">Agenda</h3>
      {review.agendas.length === 0 ? (
        <p className="govuk-body">No agenda recorded.</p>
      ) : (
        review.agendas.map((a) => (
          <div key={a.id} data-testid={`agenda-${a.id}`}>
            <p className="govuk-body">
              <strong>{a.finalReview ? 'Six-month final review' : 'Case review meeting'}</strong>, {formatDateTime(a.meetingAt)}
              {a.venue && `, ${a.venue}`}
            </p>
            <ol className="govuk-list govuk-list--number">
              {a.items.map((item, i) => (
                <li key={i}>
                  {item.heading}
                  {item.leadAgency && <span className="govuk-hint"> (led by {item.leadAgency.name})</span>}
                  {item.notes && <div className="govuk-body-s">{item.notes}</div>}
                </li>
              ))}
            </ol>
          </div>
        ))
      )}
      {spoc && open && <AgendaForm reviewId={id} refresh={refresh} />}

      <h3 className="govuk-heading-m">Action plan record</h3>
      {plan ? (
        <div data-testid="action-plan">
          <SummaryList
            rows={[
              ['Issues', <Value value={plan.issues} withheld={withheldAt(error, ['caseReview', 'actionPlan', 'issues'])} />],
              ['Outcome the victim wants', <Value value={plan.desiredOutcome} withheld={withheldAt(error, ['caseReview', 'actionPlan', 'desiredOutcome'])} />],
              ['Lead officer', <Value value={plan.leadOfficer} withheld={withheldAt(error, ['caseReview', 'actionPlan', 'leadOfficer'])} />],
              ['Reviewed on', <Value value={formatDate(plan.reviewOn)} />],
              ['Version', `${plan.version} (${formatDateTime(plan.updatedAt)})`],
            ]}
          />
        </div>
      ) : (
        <p className="govuk-body">No action plan recorded. Its actions are the review’s action items above.</p>
      )}
      {spoc && open && <PlanForm reviewId={id} refresh={refresh} again={!!plan} />}

      <h3 className="govuk-heading-m">Proportionality of action against the perpetrator</h3>
      {review.proportionalityAssessments.length === 0 ? (
        <p className="govuk-body">No assessment recorded.</p>
      ) : (
        <ul className="govuk-list" data-testid="assessments">
          {review.proportionalityAssessments.map((p, i) => (
            <li key={p.id} className="app-card">
              <p className="govuk-body govuk-!-margin-bottom-1">
                <strong>
                  <Value value={p.proposedAction} withheld={withheldAt(error, ['caseReview', 'proportionalityAssessments', i, 'proposedAction'])} />
                </strong>
              </p>
              <p className="govuk-body govuk-!-margin-bottom-1">
                {p.necessary == null ? '' : p.necessary ? 'Necessary. ' : 'Not necessary. '}
                {p.conclusion ? humanise(p.conclusion) : ''}
                {p.changes && `: ${p.changes}`}
              </p>
              <p className="govuk-body-s">
                <Value value={p.reasons} withheld={withheldAt(error, ['caseReview', 'proportionalityAssessments', i, 'reasons'])} /> ({p.assessedByAgency.name},{' '}
                {formatDateTime(p.assessedAt)})
              </p>
            </li>
          ))}
        </ul>
      )}
      {panelMember && open && <AssessmentForm reviewId={id} refresh={refresh} />}
    </div>
  );
}

function AgendaForm({ reviewId, refresh }: { reviewId: string; refresh: Refresh }) {
  const [meetingAt, setMeetingAt] = useState('');
  const [venue, setVenue] = useState('');
  const [done, setDone] = useState(false);
  const { errors, setErrors, of } = useFieldErrors();
  const [result, record] = useMutation(RecordAgenda);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setDone(false);
    const errs: FieldError[] = [];
    check(errs, !meetingAt, 'agenda-meeting', 'Enter when the meeting is held');
    setErrors(errs);
    if (errs.length) return;
    const r = await record({ input: { reviewId, meetingAt: localToIso(meetingAt)!, venue: venue.trim() || undefined } });
    if (!r.error) {
      setDone(true);
      refresh();
    }
  };
  return (
    <form onSubmit={submit} noValidate data-testid="agenda-form">
      <ErrorSummary errors={[...errors, ...apiErrors(result.error, { 'input.meetingAt': 'agenda-meeting', 'input.venue': 'agenda-venue' })]} />
      {done && (
        <SuccessBanner testId="agenda-saved">
          <p className="govuk-notification-banner__heading">The agenda is recorded.</p>
        </SuccessBanner>
      )}
      <TextInput
        id="agenda-meeting"
        label="Meeting"
        hint="The agenda takes the template’s headings"
        type="datetime-local"
        value={meetingAt}
        onChange={setMeetingAt}
        error={of('agenda-meeting')}
      />
      <TextInput id="agenda-venue" label="Venue (optional)" value={venue} onChange={setVenue} width={30} />
      <button type="submit" className="govuk-button govuk-button--secondary" disabled={result.fetching}>
        Record the agenda
      </button>
    </form>
  );
}

function PlanForm({ reviewId, refresh, again }: { reviewId: string; refresh: Refresh; again: boolean }) {
  const [issues, setIssues] = useState('');
  const [desiredOutcome, setDesiredOutcome] = useState('');
  const [leadOfficer, setLeadOfficer] = useState('');
  const [reviewOn, setReviewOn] = useState('');
  const { errors, setErrors, of } = useFieldErrors();
  const [result, record] = useMutation(RecordPlan);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const errs: FieldError[] = [];
    check(errs, !issues.trim(), 'plan-issues', 'Enter the issues the plan addresses');
    setErrors(errs);
    if (errs.length) return;
    const r = await record({
      input: {
        reviewId,
        issues: issues.trim(),
        desiredOutcome: desiredOutcome.trim() || undefined,
        leadOfficer: leadOfficer.trim() || undefined,
        reviewOn: reviewOn || undefined,
      },
    });
    if (!r.error) refresh();
  };
  return (
    <form onSubmit={submit} noValidate data-testid="plan-form">
      <ErrorSummary
        errors={[
          ...errors,
          ...apiErrors(result.error, {
            'input.issues': 'plan-issues',
            'input.desiredOutcome': 'plan-outcome',
            'input.leadOfficer': 'plan-lead',
            'input.reviewOn': 'plan-review-on',
          }),
        ]}
      />
      <TextArea id="plan-issues" label="Issues the plan addresses" value={issues} onChange={setIssues} error={of('plan-issues')} rows={3} />
      <TextArea id="plan-outcome" label="Outcome the victim wants (optional)" value={desiredOutcome} onChange={setDesiredOutcome} rows={2} />
      <TextInput
        id="plan-lead"
        label="Lead officer (optional)"
        hint="A role, like ASB Caseworker, not a private person"
        value={leadOfficer}
        onChange={setLeadOfficer}
        width={20}
      />
      <TextInput id="plan-review-on" label="When the plan is reviewed (optional)" type="date" value={reviewOn} onChange={setReviewOn} />
      <button type="submit" className="govuk-button govuk-button--secondary" disabled={result.fetching}>
        {again ? 'Record a new version of the plan' : 'Record the action plan'}
      </button>
    </form>
  );
}

function AssessmentForm({ reviewId, refresh }: { reviewId: string; refresh: Refresh }) {
  const [proposedAction, setProposedAction] = useState('');
  const [necessary, setNecessary] = useState<'yes' | 'no' | ''>('');
  const [lessIntrusive, setLessIntrusive] = useState('');
  const [impact, setImpact] = useState('');
  const [conclusion, setConclusion] = useState<ProportionalityConclusion | ''>('');
  const [changes, setChanges] = useState('');
  const [reasons, setReasons] = useState('');
  const { errors, setErrors, of } = useFieldErrors();
  const [result, record] = useMutation(RecordAssessment);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const errs: FieldError[] = [];
    check(errs, !proposedAction.trim(), 'pa-action', 'Enter the action against the perpetrator that is assessed');
    check(errs, !necessary, 'pa-necessary', 'Select whether the action is necessary');
    check(errs, !conclusion, 'pa-conclusion', 'Select the conclusion');
    const proportionate = conclusion === 'PROPORTIONATE' || conclusion === 'PROPORTIONATE_WITH_CHANGES';
    check(errs, proportionate && !lessIntrusive.trim(), 'pa-less', 'Enter the less intrusive options weighed before concluding the action is proportionate');
    check(errs, proportionate && necessary === 'no', 'pa-conclusion', 'An action that is not necessary cannot be proportionate');
    check(errs, conclusion === 'PROPORTIONATE_WITH_CHANGES' && !changes.trim(), 'pa-changes', 'Enter the changes that make it proportionate');
    check(errs, !reasons.trim(), 'pa-reasons', 'Enter the reasons for the conclusion');
    setErrors(errs);
    if (errs.length || !conclusion) return;
    const r = await record({
      input: {
        reviewId,
        proposedAction: proposedAction.trim(),
        necessary: necessary === 'yes',
        lessIntrusiveOptions: lessIntrusive.trim() || undefined,
        impactOnOthers: impact.trim() || undefined,
        conclusion,
        changes: conclusion === 'PROPORTIONATE_WITH_CHANGES' ? changes.trim() : undefined,
        reasons: reasons.trim(),
      },
    });
    if (!r.error) refresh();
  };
  return (
    <form onSubmit={submit} noValidate data-testid="assessment-form">
      <ErrorSummary
        errors={[
          ...errors,
          ...apiErrors(result.error, {
            'input.proposedAction': 'pa-action',
            'input.necessary': 'pa-necessary',
            'input.conclusion': 'pa-conclusion',
            'input.changes': 'pa-changes',
            'input.reasons': 'pa-reasons',
          }),
        ]}
      />
      <TextArea
        id="pa-action"
        label="The action against the perpetrator"
        hint="For example a Community Protection Notice"
        value={proposedAction}
        onChange={setProposedAction}
        error={of('pa-action')}
        rows={2}
      />
      <Radios
        id="pa-necessary"
        legend="Is the action necessary?"
        options={[
          { value: 'yes', label: 'Yes' },
          { value: 'no', label: 'No' },
        ]}
        value={necessary}
        onChange={setNecessary}
        error={of('pa-necessary')}
        inline
      />
      <TextArea
        id="pa-less"
        label="Less intrusive options weighed"
        hint="For example a warning letter or an acceptable behaviour contract. Needed to conclude the action is proportionate."
        value={lessIntrusive}
        onChange={setLessIntrusive}
        error={of('pa-less')}
        rows={2}
      />
      <TextArea id="pa-impact" label="Impact on others, for example the household (optional)" value={impact} onChange={setImpact} rows={2} />
      <Radios id="pa-conclusion" legend="Conclusion" options={CONCLUSIONS} value={conclusion} onChange={setConclusion} error={of('pa-conclusion')} />
      {conclusion === 'PROPORTIONATE_WITH_CHANGES' && (
        <TextArea id="pa-changes" label="The changes that make it proportionate" value={changes} onChange={setChanges} error={of('pa-changes')} rows={2} />
      )}
      <TextArea id="pa-reasons" label="Reasons" value={reasons} onChange={setReasons} error={of('pa-reasons')} rows={3} />
      <button type="submit" className="govuk-button govuk-button--secondary" disabled={result.fetching}>
        Record the assessment
      </button>
    </form>
  );
}
