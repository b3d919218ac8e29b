import { useState, type FormEvent } from 'react';
import { useQuery } from 'urql';
import { graphql } from '../gql';
import type { OutboxStatus } from '../gql/graphql';
import { problems } from '../client';
import { Checkboxes } from '../forms';
import { Link, navigate, usePath } from '../router';
import { ErrorSummary, Loading, PageHeading, Tag, formatDateTime, humanise } from '../ui';

const OutboxQuery = graphql(`
  query Outbox($filter: OutboxFilter) {
    outbox(filter: $filter) {
      id
      applicationId
      reference
      kind
      subject
      channel
      recipient
      status
      attempts
      lastError
      createdAt
      nextAttemptAt
      lastAttemptAt
      deliveredAt
      failedAt
    }
  }
`);

const STATUSES: Array<{ value: OutboxStatus; label: string; hint: string }> = [
  { value: 'FAILED', label: 'Failed', hint: 'Given up: the last error says why' },
  { value: 'QUEUED', label: 'Queued', hint: 'Waiting to be sent, or to be tried again' },
  { value: 'SENDING', label: 'Sending', hint: 'Handed to the provider, waiting for its answer' },
  { value: 'DELIVERED', label: 'Delivered', hint: 'Delivered by e-mail, or handed to the postal service' },
];
const COLOURS: Record<OutboxStatus, 'red' | 'yellow' | 'blue' | 'green'> = { FAILED: 'red', QUEUED: 'yellow', SENDING: 'blue', DELIVERED: 'green' };
const PAGE = 100;

/** The statuses named in the address (`?status=FAILED,QUEUED`); unknown words are ignored. */
function statusesIn(path: string): OutboxStatus[] {
  const raw = new URLSearchParams(path.split('?')[1] ?? '').get('status') ?? '';
  return raw.split(',').filter((s): s is OutboxStatus => STATUSES.some((o) => o.value === s));
}

/** The SPOC's "Sent and failed": the outbox of the authority, newest first, with delivery status. */
export function Outbox() {
  const path = usePath();
  const chosen = statusesIn(path);
  const [picked, setPicked] = useState<OutboxStatus[]>(chosen);
  const [before, setBefore] = useState<string[]>([]);
  const cursor = before[before.length - 1];
  const apply = (e: FormEvent) => {
    e.preventDefault();
    setBefore([]);
    navigate(picked.length ? `/outbox?status=${picked.join(',')}` : '/outbox');
  };
  return (
    <>
      <PageHeading caption="Letters and messages">Sent and failed</PageHeading>
      <p className="govuk-body">
        Every letter the hub sends for your authority, by e-mail or by post, with where it stands. A failed letter did not reach the person: check the address
        on record, on the application.
      </p>
      <form onSubmit={apply} noValidate className="app-filter">
        <Checkboxes id="status" legend="Show only" options={STATUSES} values={picked} onChange={setPicked} small />
        <button type="submit" className="govuk-button govuk-button--secondary" data-module="govuk-button">
          Apply filter
        </button>
      </form>
      {/* Keyed on the filter: a new filter's page never shows the rows of the one before while it loads. */}
      <Results
        key={`${chosen.join(',')}|${cursor ?? ''}`}
        chosen={chosen}
        cursor={cursor}
        newer={before.length > 0 ? () => setBefore(before.slice(0, -1)) : undefined}
        older={(last) => setBefore([...before, last])}
      />
    </>
  );
}

function Results({ chosen, cursor, newer, older }: { chosen: OutboxStatus[]; cursor?: string; newer?: () => void; older: (createdAt: string) => void }) {
  const filter = { first: PAGE, ...(chosen.length ? { status: chosen } : {}), ...(cursor ? { before: cursor } : {}) };
  const [{ data, fetching, error }] = useQuery({ query: OutboxQuery, variables: { filter } });
  const messages = data?.outbox ?? [];
  return (
    <>
      <ErrorSummary errors={problems(error).map((text) => ({ text }))} />
      {fetching && !data && <Loading />}
      {data && messages.length === 0 && (
        <p className="govuk-body" data-testid="outbox-empty">
          {chosen.length ? `No letters are ${chosen.map((s) => humanise(s).toLowerCase()).join(' or ')}.` : 'No letters have been sent yet.'}
        </p>
      )}
      {messages.length > 0 && (
        <table className="govuk-table" data-testid="outbox">
          <caption className="govuk-table__caption govuk-table__caption--m">
            {chosen.length ? `Letters ${chosen.map((s) => humanise(s).toLowerCase()).join(' or ')}` : 'All letters'}, newest first
          </caption>
          <thead className="govuk-table__head">
            <tr className="govuk-table__row">
              <th scope="col" className="govuk-table__header">
                Application
              </th>
              <th scope="col" className="govuk-table__header">
                Letter
              </th>
              <th scope="col" className="govuk-table__header">
                Sent by
              </th>
              <th scope="col" className="govuk-table__header">
                Status
              </th>
              <th scope="col" className="govuk-table__header govuk-table__header--numeric">
                Attempts
              </th>
              <th scope="col" className="govuk-table__header">
                Last error
              </th>
            </tr>
          </thead>
          <tbody className="govuk-table__body">
            {messages.map((m) => (
              <tr className="govuk-table__row" key={m.id} data-testid={`outbox-${m.id}`}>
                <th scope="row" className="govuk-table__header">
                  <Link href={`/applications/${m.applicationId}`}>{m.reference}</Link>
                  <br />
                  <span className="govuk-body-s">{formatDateTime(m.createdAt)}</span>
                </th>
                <td className="govuk-table__cell">
                  {m.kind}: {m.subject}
                </td>
                <td className="govuk-table__cell">
                  {m.channel ? m.channel === 'EMAIL' ? 'E-mail' : 'Post' : <span className="govuk-hint app-none">No address on record</span>}
                  {m.recipient && (
                    <>
                      <br />
                      <span className="govuk-body-s app-prewrap">{m.recipient}</span>
                    </>
                  )}
                </td>
                <td className="govuk-table__cell">
                  <Tag colour={COLOURS[m.status]}>{humanise(m.status)}</Tag>
                  <br />
                  <span className="govuk-body-s">
                    {m.status === 'DELIVERED' && formatDateTime(m.deliveredAt)}
                    {m.status === 'FAILED' && formatDateTime(m.failedAt)}
                    {(m.status === 'QUEUED' || m.status === 'SENDING') && m.nextAttemptAt && `Next: ${formatDateTime(m.nextAttemptAt)}`}
                  </span>
                </td>
                <td className="govuk-table__cell govuk-table__cell--numeric">{m.attempts}</td>
                <td className="govuk-table__cell">{m.lastError ?? <span className="govuk-hint app-none">None</span>}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {(newer || messages.length === PAGE) && (
        <nav className="govuk-pagination govuk-pagination--block" aria-label="Pages of letters">
          {newer && (
            <div className="govuk-pagination__prev">
              <button type="button" className="govuk-button govuk-button--secondary" onClick={newer}>
                Newer letters
              </button>
            </div>
          )}
          {messages.length === PAGE && (
            <div className="govuk-pagination__next">
              <button type="button" className="govuk-button govuk-button--secondary" onClick={() => older(messages[messages.length - 1].createdAt)}>
                Older letters
              </button>
            </div>
          )}
        </nav>
      )}
    </>
  );
}
