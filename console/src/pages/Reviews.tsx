import { lazy, Suspense } from 'react';
import { useQuery } from 'urql';
import { graphql } from '../gql';
import { currentSession } from '../auth';
import { problems, withheldAt } from '../client';
import { Link } from '../router';
import { ErrorSummary, Loading, PageHeading, SummaryList, Tag, Withheld, formatDate, formatDateTime, humanise } from '../ui';

/** The panel's forms, loaded after the case history (which must be interactive first). */
const ReviewWork = lazy(() => import('./ReviewWork').then((m) => ({ default: m.ReviewWork })));
const ReviewTemplates = lazy(() => import('./Templates').then((m) => ({ default: m.ReviewTemplates })));

const ReviewsQuery = graphql(`
  query MyCaseReviews {
    caseReviews {
      id
      status
      secondStage
      openedAt
      meetingAt
      outcomeDueOn
      outcomeOverdue
      chair {
        id
        name
      }
      application {
        id
        reference
      }
      informationRequests {
        id
        respondedAt
        agency {
          id
        }
      }
    }
  }
`);

/** The reviews of the reader's agency (its panel seats and the reviews it convened). */
export function Reviews() {
  const [{ data, fetching, error }] = useQuery({ query: ReviewsQuery });
  const agency = currentSession()?.agency;
  const reviews = data?.caseReviews ?? [];
  return (
    <>
      <PageHeading caption="ASB Case Review (Community Trigger)">Case reviews</PageHeading>
      <ErrorSummary errors={problems(error).map((text) => ({ text }))} />
      {fetching && !data && <Loading />}
      {data && reviews.length === 0 && <p className="govuk-body">Your agency sits on no open case review.</p>}
      {reviews.length > 0 && (
        <table className="govuk-table">
          <caption className="govuk-table__caption govuk-table__caption--m">Open reviews your agency sits on or convened</caption>
          <thead className="govuk-table__head">
            <tr className="govuk-table__row">
              <th scope="col" className="govuk-table__header">
                Application
              </th>
              <th scope="col" className="govuk-table__header">
                Status
              </th>
              <th scope="col" className="govuk-table__header">
                Chair
              </th>
              <th scope="col" className="govuk-table__header">
                Meeting
              </th>
              <th scope="col" className="govuk-table__header">
                Outcome due
              </th>
            </tr>
          </thead>
          <tbody className="govuk-table__body">
            {reviews.map((r) => (
              <tr className="govuk-table__row" key={r.id}>
                <th scope="row" className="govuk-table__header">
                  <Link href={`/reviews/${r.id}`}>{r.application?.reference ?? r.id}</Link>
                  {r.secondStage && <Tag colour="purple">Second stage</Tag>}
                  {(() => {
                    const toAnswer = r.informationRequests.filter((q) => !q.respondedAt && q.agency.id === agency).length;
                    return (
                      toAnswer > 0 && (
                        <>
                          {' '}
                          <Tag colour="yellow">{toAnswer === 1 ? '1 request to answer' : `${toAnswer} requests to answer`}</Tag>
                        </>
                      )
                    );
                  })()}
                </th>
                <td className="govuk-table__cell">{humanise(r.status)}</td>
                <td className="govuk-table__cell">{r.chair?.name ?? ''}</td>
                <td className="govuk-table__cell">{formatDateTime(r.meetingAt) || 'Not set'}</td>
                <td className="govuk-table__cell">
                  {formatDate(r.outcomeDueOn) || 'After the meeting'} {r.outcomeOverdue && <Tag colour="red">Overdue</Tag>}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}

const CaseHistoryQuery = graphql(`
  query CaseHistory($id: ID!) {
    caseReview(id: $id) {
      id
      status
      secondStage
      openedAt
      meetingAt
      independenceNote
      application {
        id
        reference
      }
      chair {
        id
        name
      }
      panel {
        id
        name
      }
      members {
        name
        role
        independent
        chair
        agency {
          id
          name
        }
      }
      chairMember {
        name
        role
      }
      independentChair
      independentAgencies {
        id
        name
      }
      caseHistory {
        id
        at
        kind
        sources
        category
        title
        detail
        withheld
        agencies {
          id
          name
        }
        reports {
          incidentId
          source
          sourceRef
          occurredAt
          detail
          agency {
            id
            name
          }
        }
      }
    }
  }
`);

/**
 * The case history as one timeline. A part the reader may not see is null with a FORBIDDEN error
 * naming its category: it is marked withheld in place, never dropped.
 */
export function CaseHistory({ id }: { id: string }) {
  const [{ data, fetching, error }] = useQuery({ query: CaseHistoryQuery, variables: { id } });
  if (fetching && !data) return <Loading />;
  const review = data?.caseReview;
  if (!review)
    return (
      <>
        <ErrorSummary errors={[...problems(error).map((text) => ({ text })), ...(data ? [{ text: 'No such review, or you may not see it' }] : [])]} />
        <PageHeading>Case review not available</PageHeading>
      </>
    );
  const withheldCount = review.caseHistory.filter((e, i) => e.withheld.length > 0 || withheldAt(error, ['caseReview', 'caseHistory', i, 'detail'])).length;
  return (
    <>
      <ErrorSummary errors={problems(error).map((text) => ({ text }))} />
      <PageHeading caption={review.application ? `Application ${review.application.reference}` : 'Case review'}>
        {review.secondStage ? 'Second-stage case review' : 'Case review'}
      </PageHeading>
      <SummaryList
        rows={[
          ['Status', <Tag colour="blue">{humanise(review.status)}</Tag>],
          ['Opened', formatDateTime(review.openedAt)],
          ['Meeting', formatDateTime(review.meetingAt) || 'Not set'],
          [
            'Chair',
            review.chairMember ? (
              <span data-testid="chair">
                {review.chairMember.name}, {review.chairMember.role}
                {review.chair ? ` (${review.chair.name})` : ''}{' '}
                {review.independentChair ? <Tag colour="green">Independent of the case</Tag> : <Tag colour="orange">Involved with the case before</Tag>}
              </span>
            ) : (
              (review.chair?.name ?? '')
            ),
          ],
          ['Panel', review.panel.map((a) => a.name).join(', ')],
          [
            'Independent of the case',
            review.independentAgencies.length ? review.independentAgencies.map((a) => a.name).join(', ') : (review.independenceNote ?? 'None'),
          ],
        ]}
      />
      {review.members.length > 0 && (
        <table className="govuk-table" data-testid="panel-members">
          <caption className="govuk-table__caption govuk-table__caption--m">Panel members</caption>
          <thead className="govuk-table__head">
            <tr className="govuk-table__row">
              <th scope="col" className="govuk-table__header">
                Name
              </th>
              <th scope="col" className="govuk-table__header">
                Role
              </th>
              <th scope="col" className="govuk-table__header">
                Agency
              </th>
              <th scope="col" className="govuk-table__header">
                Independent of the case
              </th>
            </tr>
          </thead>
          <tbody className="govuk-table__body">
            {review.members.map((m, i) => (
              <tr className="govuk-table__row" key={i}>
                <th scope="row" className="govuk-table__header">
                  {m.name}
                  {m.chair && (
                    <>
                      {' '}
                      <Tag colour="blue">Chair</Tag>
                    </>
                  )}
                </th>
                <td className="govuk-table__cell">{m.role}</td>
                <td className="govuk-table__cell">{m.agency?.name ?? 'None'}</td>
                <td className="govuk-table__cell">{m.independent ? 'Yes' : 'No'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <h2 className="govuk-heading-m">Case history</h2>
      <p className="govuk-body">
        {review.caseHistory.length} entries, oldest first.
        {withheldCount > 0 && ` ${withheldCount} have parts withheld from your agency: they are marked, and you can ask the data protection officer why.`}
      </p>
      <ol className="app-timeline" data-testid="case-history">
        {review.caseHistory.map((entry, i) => {
          const detailWithheld = withheldAt(error, ['caseReview', 'caseHistory', i, 'detail']) ?? (entry.detail == null && entry.withheld[0]) ?? null;
          return (
            <li className="app-timeline__item" key={entry.id}>
              <h3 className="govuk-heading-s app-timeline__title">{entry.title}</h3>
              <p className="govuk-body-s app-timeline__meta">
                <time dateTime={entry.at}>{formatDateTime(entry.at)}</time> · {humanise(entry.kind)}
                {entry.category && ` · ${humanise(entry.category)}`}
                {entry.agencies.length > 0 && ` · ${entry.agencies.map((a) => a.name).join(', ')}`}
              </p>
              {entry.sources.length > 0 && (
                <p className="govuk-body-s">
                  {entry.sources.map((s) => (
                    <Tag key={s} colour="light-blue">
                      {humanise(s)}
                    </Tag>
                  ))}
                  {entry.reports.length > 1 && <span> Reported to {entry.reports.length} agencies: shown once.</span>}
                </p>
              )}
              {detailWithheld ? <Withheld category={detailWithheld} /> : entry.detail && <p className="govuk-body">{entry.detail}</p>}
              {entry.reports.length > 1 && (
                <details className="govuk-details">
                  <summary className="govuk-details__summary">
                    <span className="govuk-details__summary-text">The {entry.reports.length} reports</span>
                  </summary>
                  <div className="govuk-details__text">
                    <ul className="govuk-list">
                      {entry.reports.map((r, j) => {
                        const w = withheldAt(error, ['caseReview', 'caseHistory', i, 'reports', j, 'detail']);
                        return (
                          <li key={r.incidentId}>
                            <strong>{r.agency.name}</strong> ({r.sourceRef}, {formatDateTime(r.occurredAt)}): {w ? <Withheld category={w} /> : r.detail}
                          </li>
                        );
                      })}
                    </ul>
                  </div>
                </details>
              )}
            </li>
          );
        })}
      </ol>
      <Suspense fallback={<Loading />}>
        <ReviewWork id={id} />
        <ReviewTemplates id={id} />
      </Suspense>
    </>
  );
}
