import { useState, type FormEvent } from 'react';
import { useMutation, useQuery } from 'urql';
import { graphql } from '../gql';
import type { ContactChannel } from '../gql/graphql';
import { problems, withheldAt } from '../client';
import { apiErrors, base64Bytes, check, downloadBlob, Radios, SuccessBanner, TextArea, useFieldErrors, type FieldError } from '../forms';
import { Link } from '../router';
import { ErrorSummary, Loading, PageHeading, SummaryList, Value, formatDateTime } from '../ui';

const DueQuery = graphql(`
  query ExplanationsDue {
    caseReviewExplanationsDue {
      id
      reference
      firstReportAt
      secondReportAt
      coversUntil
      raisedAt
      person {
        id
        givenName
        familyName
      }
      incidents {
        id
      }
    }
  }
`);

const RecordExplanation = graphql(`
  mutation RecordCaseReviewExplanation($id: ID!, $channel: ContactChannel!, $note: String) {
    recordCaseReviewExplanation(id: $id, channel: $channel, note: $note) {
      id
      reference
      sentAt
      channel
      letterSubject
      letterPdf
    }
  }
`);

const CHANNELS: Array<{ value: ContactChannel; label: string; hint: string }> = [
  { value: 'LETTER', label: 'By letter', hint: 'The hub renders the letter and keeps it as sent' },
  { value: 'EMAIL', label: 'By email', hint: 'The hub renders the letter and keeps it as sent' },
  { value: 'PHONE', label: 'By phone', hint: 'Note what you told the victim' },
];

type Sent = { reference: string; channel: string; subject: string | null; pdf: string | null; id: string };

/**
 * "Explanations due": a victim who reported a second separate incident within six months is told
 * about the ASB Case Review (2025 guidance). The hub raises each one; the SPOC sends it and records
 * how, here.
 */
export function ExplanationsDue() {
  const [{ data, fetching, error }, refetch] = useQuery({ query: DueQuery });
  const [result, record] = useMutation(RecordExplanation);
  const [selected, setSelected] = useState('');
  const [channel, setChannel] = useState<ContactChannel | ''>('');
  const [note, setNote] = useState('');
  const [sent, setSent] = useState<Sent | null>(null);
  const { errors, setErrors, of } = useFieldErrors();
  const due = data?.caseReviewExplanationsDue ?? [];
  const chosen = due.find((e) => e.id === selected);

  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    const errs: FieldError[] = [];
    check(errs, !channel, 'channel', 'Select how you sent the explanation');
    check(errs, channel === 'PHONE' && !note.trim(), 'note', 'Note what you told the victim on the phone');
    setErrors(errs);
    if (errs.length || !channel || !chosen) return;
    const r = await record({ id: chosen.id, channel, note: channel === 'PHONE' ? note.trim() : null });
    if (r.error || !r.data) return;
    const x = r.data.recordCaseReviewExplanation;
    setSent({ id: x.id, reference: x.reference, channel: x.channel ?? channel, subject: x.letterSubject ?? null, pdf: x.letterPdf ?? null });
    setSelected('');
    setChannel('');
    setNote('');
    refetch({ requestPolicy: 'network-only' });
    window.scrollTo(0, 0);
  };

  const summaryErrors = [...errors, ...apiErrors(result.error, { note: 'note', channel: 'channel' }), ...problems(error).map((text) => ({ text }))];
  return (
    <>
      <ErrorSummary errors={summaryErrors} />
      {sent && (
        <SuccessBanner title="Recorded" testId="explanation-sent">
          <p className="govuk-notification-banner__heading">
            Explanation {sent.reference} recorded as sent {sent.channel === 'PHONE' ? 'by phone' : `by ${sent.channel.toLowerCase()}`}.
          </p>
          {sent.pdf && (
            <p className="govuk-body">
              <button
                type="button"
                className="govuk-button govuk-button--secondary"
                onClick={() => downloadBlob(`${sent.reference}.pdf`, new Blob([base64Bytes(sent.pdf!)], { type: 'application/pdf' }))}
              >
                Download the letter as sent (PDF)
              </button>
            </p>
          )}
        </SuccessBanner>
      )}
      <PageHeading caption="ASB Case Review (Community Trigger)">Explanations due</PageHeading>
      <p className="govuk-body">
        A victim who reports a second separate incident within six months is told about the ASB Case Review and how to apply. Send each explanation, then record
        how you sent it.
      </p>
      {fetching && !data && <Loading />}
      {data && due.length === 0 && (
        <p className="govuk-body" data-testid="explanations-empty">
          There are no explanations to send.
        </p>
      )}
      {due.length > 0 && (
        <table className="govuk-table" data-testid="explanations-due">
          <caption className="govuk-table__caption govuk-table__caption--m">Explanations to send, oldest first</caption>
          <thead className="govuk-table__head">
            <tr className="govuk-table__row">
              <th scope="col" className="govuk-table__header">
                Reference
              </th>
              <th scope="col" className="govuk-table__header">
                Victim
              </th>
              <th scope="col" className="govuk-table__header">
                Reports
              </th>
              <th scope="col" className="govuk-table__header">
                Raised
              </th>
              <th scope="col" className="govuk-table__header">
                <span className="govuk-visually-hidden">Action</span>
              </th>
            </tr>
          </thead>
          <tbody className="govuk-table__body">
            {due.map((x, i) => {
              const name = [x.person.givenName, x.person.familyName].filter(Boolean).join(' ');
              const w = withheldAt(error, ['caseReviewExplanationsDue', i, 'person', 'givenName']);
              return (
                <tr className="govuk-table__row" key={x.id} data-testid={`explanation-${x.id}`}>
                  <th scope="row" className="govuk-table__header">
                    {x.reference}
                  </th>
                  <td className="govuk-table__cell">
                    <Value value={name || null} withheld={w} /> <Link href={`/people/${x.person.id}`}>Each agency’s record</Link>
                  </td>
                  <td className="govuk-table__cell">
                    First {formatDateTime(x.firstReportAt)}, second {formatDateTime(x.secondReportAt)} ({x.incidents.length} reports)
                  </td>
                  <td className="govuk-table__cell">{formatDateTime(x.raisedAt)}</td>
                  <td className="govuk-table__cell">
                    <button
                      type="button"
                      className="govuk-button govuk-button--secondary govuk-!-margin-bottom-0"
                      onClick={() => {
                        setSelected(x.id);
                        setSent(null);
                        setErrors([]);
                      }}
                    >
                      Record as sent<span className="govuk-visually-hidden"> ({x.reference})</span>
                    </button>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      {chosen && (
        <form onSubmit={onSubmit} noValidate data-testid="record-explanation">
          <h2 className="govuk-heading-m">Record {chosen.reference} as sent</h2>
          <SummaryList
            rows={[
              ['Covers reports until', formatDateTime(chosen.coversUntil)],
              ['Raised', formatDateTime(chosen.raisedAt)],
            ]}
          />
          <Radios id="channel" legend="How did you send it?" options={CHANNELS} value={channel} onChange={setChannel} error={of('channel')} />
          {channel === 'PHONE' && (
            <TextArea id="note" label="What you told the victim" hint="Kept with the explanation" value={note} onChange={setNote} error={of('note')} rows={4} />
          )}
          <div className="govuk-button-group">
            <button type="submit" className="govuk-button" disabled={result.fetching}>
              Record as sent
            </button>
            <button type="button" className="govuk-button govuk-button--secondary" onClick={() => setSelected('')}>
              Cancel
            </button>
          </div>
        </form>
      )}
    </>
  );
}
