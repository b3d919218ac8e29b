import { useState, type FormEvent } from 'react';
import { useClient, useQuery } from 'urql';
import { graphql } from '../gql';
import type { IncidentInput, IncidentSource } from '../gql/graphql';
import { currentSession } from '../auth';
import { apiErrors, check, Radios, SuccessBanner, useFieldErrors, type FieldError } from '../forms';
import { BATCH, readUpload, type LocalRejection } from '../upload';
import { ErrorSummary, PageHeading, SummaryList } from '../ui';

const AgencyKind = graphql(`
  query ContributorAgency($id: ID!) {
    agency(id: $id) {
      id
      name
      kind
    }
  }
`);

const SubmitIncidents = graphql(`
  mutation UploadIncidents($source: IncidentSource!, $records: [IncidentInput!]!) {
    submitIncidents(source: $source, records: $records) {
      accepted
      updated
      unchanged
      linked
      rejected {
        index
        sourceRef
        errors {
          field
          message
        }
      }
    }
  }
`);

const SOURCES: Array<{ value: IncidentSource; label: string; hint: string }> = [
  { value: 'POLICE', label: 'Police', hint: 'Columns incident_ref, occurred_at, nsir_category, address, crime_ref, officer, district …' },
  { value: 'HOUSING', label: 'Housing', hint: 'Columns incident_ref, occurred_at, category, property_uprn, tenancy_ref, case_ref …' },
  { value: 'WARDEN', label: 'Community wardens', hint: 'Columns log_entry_ref, observed_at, category, address, patrol_id, observation …' },
];
const KIND_SOURCE: Record<string, IncidentSource> = { POLICE: 'POLICE', HOUSING: 'HOUSING', WARDEN: 'WARDEN' };

interface Report {
  file: string;
  kind: 'CSV' | 'JSON';
  total: number;
  accepted: number;
  updated: number;
  unchanged: number;
  linked: number;
  rejected: LocalRejection[];
}

/**
 * A contributing system's file of incidents (CSV in its native columns, or JSON records) sent
 * through `submitIncidents` in batches, with progress; each rejected record shown with its place in
 * the file, its reference, the field and the reason.
 */
export function Upload() {
  const agencyId = currentSession()?.agency ?? '';
  const client = useClient();
  const [agency] = useQuery({ query: AgencyKind, variables: { id: agencyId } });
  const [source, setSource] = useState<IncidentSource | ''>('');
  const [file, setFile] = useState<File | null>(null);
  const { errors, setErrors, of } = useFieldErrors();
  const [progress, setProgress] = useState<{ done: number; total: number } | null>(null);
  const [report, setReport] = useState<Report | null>(null);
  const [failure, setFailure] = useState<Array<{ text: string; href?: string }>>([]);
  const chosen = source || KIND_SOURCE[agency.data?.agency?.kind ?? ''] || '';

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setReport(null);
    setFailure([]);
    const errs: FieldError[] = [];
    check(errs, !chosen, 'source', 'Select the kind of system the file comes from');
    check(errs, !file, 'file', 'Select a CSV or JSON file');
    check(errs, !!file && !/\.(csv|json)$/i.test(file.name), 'file', 'The file must be a CSV or JSON file');
    setErrors(errs);
    if (errs.length || !file || !chosen) return;
    let read: ReturnType<typeof readUpload>;
    try {
      read = readUpload(file.name, await file.text(), chosen);
    } catch (err) {
      setErrors([{ text: (err as Error).message, href: '#file' }]);
      return;
    }
    const result: Report = {
      file: file.name,
      kind: read.kind,
      total: read.items.length + read.rejected.length,
      accepted: 0,
      updated: 0,
      unchanged: 0,
      linked: 0,
      rejected: [...read.rejected],
    };
    setProgress({ done: read.rejected.length, total: result.total });
    for (let start = 0; start < read.items.length; start += BATCH) {
      const batch = read.items.slice(start, start + BATCH);
      const r = await client.mutation(SubmitIncidents, { source: chosen, records: batch.map((i) => i.record as unknown as IncidentInput) }).toPromise();
      if (r.error || !r.data) {
        setFailure([
          {
            text: `Records ${start + 1} to ${start + batch.length} were not sent: ${
              apiErrors(r.error)
                .map((x) => x.text)
                .join('; ') || 'no answer'
            }`,
          },
        ]);
        break;
      }
      const s = r.data.submitIncidents;
      result.accepted += s.accepted;
      result.updated += s.updated;
      result.unchanged += s.unchanged;
      result.linked += s.linked;
      for (const rej of s.rejected) result.rejected.push({ position: batch[rej.index].position, sourceRef: rej.sourceRef ?? null, errors: rej.errors });
      setProgress({ done: read.rejected.length + start + batch.length, total: result.total });
    }
    result.rejected.sort((a, b) => a.position - b.position);
    setReport(result);
  };

  const where = (kind: 'CSV' | 'JSON', position: number) => (kind === 'CSV' ? `Line ${position}` : `Record ${position}`);
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-full">
        <ErrorSummary errors={[...errors, ...failure]} />
        {report && report.rejected.length === 0 && failure.length === 0 && (
          <SuccessBanner testId="upload-done">
            <p className="govuk-notification-banner__heading">{report.total === 1 ? 'The record was taken.' : `All ${report.total} records were taken.`}</p>
          </SuccessBanner>
        )}
        <PageHeading caption={agency.data?.agency?.name ?? 'Contributing system'}>Upload incidents</PageHeading>
        <p className="govuk-body">
          Send your agency’s incidents from a file. Sending the same reference again updates that incident; a file can be sent again safely. A record with a
          problem is not taken: the others are.
        </p>
        <form onSubmit={submit} noValidate>
          <Radios id="source" legend="Which kind of system is the file from?" options={SOURCES} value={chosen} onChange={setSource} error={of('source')} />
          <div className={`govuk-form-group${of('file') ? ' govuk-form-group--error' : ''}`}>
            <label className="govuk-label" htmlFor="file">
              Upload a file
            </label>
            <div id="file-hint" className="govuk-hint">
              A CSV file with a header row of your system’s columns, or a JSON file of incident records
            </div>
            {of('file') && (
              <p id="file-error" className="govuk-error-message">
                <span className="govuk-visually-hidden">Error:</span> {of('file')}
              </p>
            )}
            <input
              className={`govuk-file-upload${of('file') ? ' govuk-file-upload--error' : ''}`}
              id="file"
              name="file"
              type="file"
              accept=".csv,.json,text/csv,application/json"
              aria-describedby={`file-hint${of('file') ? ' file-error' : ''}`}
              onChange={(e) => setFile(e.target.files?.[0] ?? null)}
            />
          </div>
          <button type="submit" className="govuk-button" disabled={!!progress && !report && failure.length === 0}>
            Send the incidents
          </button>
        </form>
        {progress && (
          <div className="govuk-form-group">
            <label className="govuk-label" htmlFor="upload-progress">
              Sent {progress.done} of {progress.total} records
            </label>
            <progress id="upload-progress" className="app-progress" max={progress.total || 1} value={progress.done} />
          </div>
        )}
        {report && (
          <div data-testid="upload-report">
            <h2 className="govuk-heading-m">What happened to {report.file}</h2>
            <SummaryList
              rows={[
                ['New incidents', String(report.accepted)],
                ['Updated', String(report.updated)],
                ['Unchanged', String(report.unchanged)],
                ['Linked to other agencies’ reports', String(report.linked)],
                ['Not taken', String(report.rejected.length)],
              ]}
            />
            {report.rejected.length > 0 && (
              <table className="govuk-table" data-testid="rejected">
                <caption className="govuk-table__caption govuk-table__caption--m">Records not taken: correct them and send the file again</caption>
                <thead className="govuk-table__head">
                  <tr className="govuk-table__row">
                    <th scope="col" className="govuk-table__header">
                      Where
                    </th>
                    <th scope="col" className="govuk-table__header">
                      Reference
                    </th>
                    <th scope="col" className="govuk-table__header">
                      Field
                    </th>
                    <th scope="col" className="govuk-table__header">
                      Problem
                    </th>
                  </tr>
                </thead>
                <tbody className="govuk-table__body">
                  {report.rejected.flatMap((r) =>
                    r.errors.map((e, j) => (
                      <tr className="govuk-table__row" key={`${r.position}-${j}`}>
                        <td className="govuk-table__cell">{where(report.kind, r.position)}</td>
                        <td className="govuk-table__cell">{r.sourceRef ?? ''}</td>
                        <td className="govuk-table__cell">
                          <code>{e.field}</code>
                        </td>
                        <td className="govuk-table__cell">{e.message}</td>
                      </tr>
                    )),
                  )}
                </tbody>
              </table>
            )}
          </div>
        )}
      </div>
    </div>
  );
}
