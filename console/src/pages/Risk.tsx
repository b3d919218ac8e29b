import { useState, type FormEvent } from 'react';
import { useMutation, useQuery } from 'urql';
import { graphql } from '../gql';
import type { RiskAssessmentStage, RiskBand } from '../gql/graphql';
import { problems, withheldAt } from '../client';
import { apiErrors, Radios, SuccessBanner, TextArea, useFieldErrors, type FieldError } from '../forms';
import { ErrorSummary, Loading, Tag, Value, formatDate, formatDateTime, humanise } from '../ui';

const RiskQuery = graphql(`
  query RiskPart($id: ID!, $authority: ID!) {
    riskAssessmentPolicyInForce(authority: $authority) {
      id
      name
      version
      questions {
        id
        text
        score
        specialCategory
        escalatesToHigh
      }
      bands {
        band
        minScore
        targetWorkingDays
      }
    }
    triggerApplication(id: $id) {
      id
      riskReassessmentDue
      riskTarget {
        band
        workingDays
        dueOn
        metAt
        overdue
      }
      riskAssessments {
        id
        stage
        score
        band
        policyVersion
        assessedAt
        assessedBy
      }
    }
  }
`);

const RecordRisk = graphql(`
  mutation RecordRiskAssessment($input: RiskAssessmentInput!) {
    recordRiskAssessment(input: $input) {
      id
      stage
      score
      band
    }
  }
`);

export const BAND_COLOURS: Record<RiskBand, 'green' | 'yellow' | 'red'> = { STANDARD: 'green', MEDIUM: 'yellow', HIGH: 'red' };
const STAGES: Array<{ value: RiskAssessmentStage; label: string }> = [
  { value: 'INITIAL', label: 'Initial assessment' },
  { value: 'REASSESSMENT', label: 'Reassessment' },
  { value: 'FINAL_REVIEW', label: 'At the final review' },
];
const YES_NO: Array<{ value: 'yes' | 'no'; label: string }> = [
  { value: 'yes', label: 'Yes' },
  { value: 'no', label: 'No' },
];

/**
 * The victim risk assessment on the application page: the authority's policy in force as a form
 * (every question answered yes or no), and the assessments recorded, each with its band.
 */
export function RiskPart({ applicationId, authorityId }: { applicationId: string; authorityId: string }) {
  const [{ data, fetching, error }, refetch] = useQuery({ query: RiskQuery, variables: { id: applicationId, authority: authorityId } });
  const [result, record] = useMutation(RecordRisk);
  const [answers, setAnswers] = useState<Record<string, 'yes' | 'no'>>({});
  const [stage, setStage] = useState<RiskAssessmentStage | ''>('');
  const [note, setNote] = useState('');
  const [saved, setSaved] = useState<{ band: RiskBand | null; score: number | null } | null>(null);
  const { errors, setErrors, of } = useFieldErrors();

  if (fetching && !data) return <Loading />;
  const policy = data?.riskAssessmentPolicyInForce;
  const app = data?.triggerApplication;
  if (!app) return <ErrorSummary errors={problems(error).map((text) => ({ text }))} />;
  const assessments = app.riskAssessments;
  const defaultStage: RiskAssessmentStage = app.riskReassessmentDue ? 'FINAL_REVIEW' : assessments.length ? 'REASSESSMENT' : 'INITIAL';

  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    setSaved(null);
    if (!policy) return;
    const errs: FieldError[] = policy.questions.filter((q) => !answers[q.id]).map((q) => ({ text: `Select yes or no: ${q.text}`, href: `#risk-${q.id}` }));
    setErrors(errs);
    if (errs.length) return;
    const r = await record({
      input: {
        applicationId,
        stage: stage || defaultStage,
        answers: policy.questions.map((q) => ({ questionId: q.id, answer: answers[q.id] === 'yes' })),
        note: note.trim() || undefined,
      },
    });
    if (r.error || !r.data) return;
    setSaved({ band: r.data.recordRiskAssessment.band ?? null, score: r.data.recordRiskAssessment.score ?? null });
    setAnswers({});
    setNote('');
    setStage('');
    refetch({ requestPolicy: 'network-only' });
  };

  const summaryErrors = [
    ...errors,
    ...apiErrors(result.error, { 'input.note': 'risk-note', 'input.stage': 'risk-stage' }),
    ...problems(error).map((text) => ({ text })),
  ];
  return (
    <section aria-labelledby="risk-part" data-testid="risk-part">
      <h2 className="govuk-heading-m" id="risk-part">
        Victim risk assessment
      </h2>
      <ErrorSummary errors={summaryErrors} />
      {saved && (
        <SuccessBanner testId="risk-saved">
          <p className="govuk-notification-banner__heading">
            Assessment recorded: {saved.band ? `${humanise(saved.band)} risk` : 'band withheld'}
            {saved.score !== null ? ` (score ${saved.score})` : ''}.
          </p>
        </SuccessBanner>
      )}
      {app.riskReassessmentDue && (
        <div className="govuk-warning-text">
          <span className="govuk-warning-text__icon" aria-hidden="true">
            !
          </span>
          <strong className="govuk-warning-text__text">
            <span className="govuk-visually-hidden">Warning</span>
            The final review has begun: reassess the victim.
          </strong>
        </div>
      )}
      {app.riskTarget && (
        <p className="govuk-body" data-testid="risk-target">
          Internal target for a {humanise(app.riskTarget.band).toLowerCase()} risk: decide within {app.riskTarget.workingDays} working days, by{' '}
          {formatDate(app.riskTarget.dueOn)}
          {app.riskTarget.overdue && (
            <>
              {' '}
              <Tag colour="red">Overdue</Tag>
            </>
          )}
        </p>
      )}
      {assessments.length === 0 ? (
        <p className="govuk-body">The victim has not been assessed yet.</p>
      ) : (
        <table className="govuk-table" data-testid="risk-assessments">
          <caption className="govuk-table__caption govuk-table__caption--s">Assessments, oldest first</caption>
          <thead className="govuk-table__head">
            <tr className="govuk-table__row">
              <th scope="col" className="govuk-table__header">
                When
              </th>
              <th scope="col" className="govuk-table__header">
                Stage
              </th>
              <th scope="col" className="govuk-table__header">
                Band
              </th>
              <th scope="col" className="govuk-table__header">
                Score
              </th>
              <th scope="col" className="govuk-table__header">
                By
              </th>
            </tr>
          </thead>
          <tbody className="govuk-table__body">
            {assessments.map((a, i) => (
              <tr className="govuk-table__row" key={a.id}>
                <td className="govuk-table__cell">{formatDateTime(a.assessedAt)}</td>
                <td className="govuk-table__cell">{STAGES.find((s) => s.value === a.stage)?.label ?? humanise(a.stage)}</td>
                <td className="govuk-table__cell">
                  {a.band ? (
                    <Tag colour={BAND_COLOURS[a.band]}>{humanise(a.band)} risk</Tag>
                  ) : (
                    <Value value={null} withheld={withheldAt(error, ['triggerApplication', 'riskAssessments', i, 'band'])} />
                  )}
                </td>
                <td className="govuk-table__cell">
                  <Value value={a.score} withheld={withheldAt(error, ['triggerApplication', 'riskAssessments', i, 'score'])} />
                </td>
                <td className="govuk-table__cell">{a.assessedBy}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {policy ? (
        <form onSubmit={onSubmit} noValidate data-testid="risk-form">
          <h3 className="govuk-heading-s">Record an assessment</h3>
          <p className="govuk-body">
            Against {policy.name} (version {policy.version}). Bands:{' '}
            {policy.bands
              .map(
                (b) =>
                  `${humanise(b.band).toLowerCase()} from ${b.minScore}${b.targetWorkingDays ? `, decide within ${b.targetWorkingDays} working days` : ''}`,
              )
              .join('; ')}
            . Answers about health, disability or vulnerability are special category data.
          </p>
          <Radios id="risk-stage" legend="Stage" options={STAGES} value={stage || defaultStage} onChange={setStage} small inline />
          {policy.questions.map((q) => (
            <Radios
              key={q.id}
              id={`risk-${q.id}`}
              legend={q.text}
              hint={[`Scores ${q.score}`, q.escalatesToHigh ? 'a yes makes the risk high' : '', q.specialCategory ? 'special category' : '']
                .filter(Boolean)
                .join('; ')}
              options={YES_NO}
              value={answers[q.id] ?? ''}
              onChange={(v) => setAnswers((prev) => ({ ...prev, [q.id]: v }))}
              error={of(`risk-${q.id}`)}
              small
              inline
            />
          ))}
          <TextArea id="risk-note" label="Note (optional)" value={note} onChange={setNote} rows={3} error={of('risk-note')} />
          <button type="submit" className="govuk-button govuk-button--secondary" disabled={result.fetching}>
            Record the assessment
          </button>
        </form>
      ) : (
        <p className="govuk-body">No risk assessment policy is in force for this authority.</p>
      )}
    </section>
  );
}
