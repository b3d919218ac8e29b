import { useQuery } from 'urql';
import { graphql } from '../gql';
import { problems } from '../client';
import { Link } from '../router';
import { ErrorSummary, Loading, PageHeading, Tag, formatDate, formatDateTime, humanise } from '../ui';

const QueueQuery = graphql(`
  query WorkQueue {
    triggerApplications {
      id
      reference
      status
      channel
      receivedAt
      repeatCount
      overdue
      riskAssessments {
        id
        band
      }
      deadlines {
        kind
        dueOn
        metAt
        overdue
      }
    }
  }
`);

/** The SPOC's work queue: applications in the order the hub gives (overdue first, then by time limit). */
export function Queue() {
  const [{ data, fetching, error }] = useQuery({ query: QueueQuery });
  const apps = data?.triggerApplications ?? [];
  return (
    <>
      <PageHeading caption="ASB Case Review (Community Trigger)">Work queue</PageHeading>
      <ErrorSummary errors={problems(error).map((text) => ({ text }))} />
      {fetching && !data && <Loading />}
      {data && apps.length === 0 && <p className="govuk-body">There are no open applications.</p>}
      {apps.length > 0 && (
        <table className="govuk-table" data-testid="work-queue">
          <caption className="govuk-table__caption govuk-table__caption--m">Open applications, overdue first, then by the next time limit</caption>
          <thead className="govuk-table__head">
            <tr className="govuk-table__row">
              <th scope="col" className="govuk-table__header">
                Reference
              </th>
              <th scope="col" className="govuk-table__header">
                Status
              </th>
              <th scope="col" className="govuk-table__header">
                Received
              </th>
              <th scope="col" className="govuk-table__header">
                Next time limit
              </th>
              <th scope="col" className="govuk-table__header">
                Overdue
              </th>
            </tr>
          </thead>
          <tbody className="govuk-table__body">
            {apps.map((a) => {
              const next = a.deadlines.filter((d) => !d.metAt).sort((x, y) => x.dueOn.localeCompare(y.dueOn))[0];
              return (
                <tr className="govuk-table__row" key={a.id}>
                  <th scope="row" className="govuk-table__header">
                    <Link href={`/applications/${a.id}`}>{a.reference}</Link>
                    {a.riskAssessments.at(-1)?.band === 'HIGH' && (
                      <>
                        {' '}
                        <Tag colour="red">High risk</Tag>
                      </>
                    )}
                    {a.repeatCount > 0 && (
                      <>
                        {' '}
                        <Tag colour="yellow">Applied again ×{a.repeatCount}</Tag>
                      </>
                    )}
                  </th>
                  <td className="govuk-table__cell">{humanise(a.status)}</td>
                  <td className="govuk-table__cell">{formatDateTime(a.receivedAt)}</td>
                  <td className="govuk-table__cell">{next ? `${humanise(next.kind)}: ${formatDate(next.dueOn)}` : 'None open'}</td>
                  <td className="govuk-table__cell">
                    {a.overdue.length ? <Tag colour="red">Overdue: {a.overdue.map(humanise).join(', ')}</Tag> : <Tag colour="green">On time</Tag>}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </>
  );
}
