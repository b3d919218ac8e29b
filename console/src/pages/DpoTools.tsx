import { useEffect, useState, type FormEvent } from 'react';
import { useClient, useMutation, useQuery, type CombinedError } from 'urql';
import { graphql } from '../gql';
import type { SubjectAccessExportQuery } from '../gql/graphql';
import { apiErrors, check, Checkboxes, downloadBlob, SuccessBanner, TextInput, useFieldErrors, type FieldError } from '../forms';
import { ErrorSummary, Loading, PageHeading, SummaryList, formatDate, formatDateTime } from '../ui';

const SubjectAccessExportDocument = graphql(`
  query SubjectAccessExport($personId: ID!) {
    subjectAccessExport(personId: $personId) {
      personId
      generatedAt
      generatedBy
      sections {
        title
        records
        rows
      }
      json
    }
  }
`);

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

type Export = SubjectAccessExportQuery['subjectAccessExport'];

/** A value of an exported record in words: lists joined, nested records as JSON. */
const cell = (v: unknown) =>
  v === null || v === undefined || v === '' ? '—' : Array.isArray(v) && v.every((x) => x === null || typeof x !== 'object') ? v.join('; ') || '—' : typeof v === 'object' ? JSON.stringify(v) : String(v);

/**
 * The DPO's subject access export (UK GDPR Art. 15): everything the hub holds on a person, in every
 * subgraph, and who accessed it. Made on request only (each export is logged as a disclosure),
 * downloaded as the JSON file to give the person, and shown here section by section.
 */
export function SubjectAccess() {
  const client = useClient();
  const [personId, setPersonId] = useState('');
  const { errors, setErrors, of } = useFieldErrors();
  const [fetching, setFetching] = useState(false);
  const [apiError, setApiError] = useState<CombinedError | undefined>();
  const [result, setResult] = useState<Export | null>(null);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const id = personId.trim();
    const errs: FieldError[] = [];
    if (!check(errs, !id, 'sar-person', 'Enter the person id')) check(errs, !UUID.test(id), 'sar-person', 'Enter the person id as it is shown in the hub, like 3f2b1c4d-0000-4000-8000-000000000000');
    setErrors(errs);
    setApiError(undefined);
    if (errs.length) return;
    setFetching(true);
    setResult(null);
    // Network only: every export is made afresh, and logged.
    const r = await client.query(SubjectAccessExportDocument, { personId: id }, { requestPolicy: 'network-only' }).toPromise();
    setFetching(false);
    setApiError(r.error);
    setResult(r.data?.subjectAccessExport ?? null);
  };

  const download = () => {
    if (!result) return;
    downloadBlob(`sar-${result.personId}-${result.generatedAt.slice(0, 10)}.json`, new Blob([result.json], { type: 'application/json' }));
  };

  return (
    <>
      <ErrorSummary errors={[...errors, ...apiErrors(apiError, { personId: 'sar-person' })]} />
      <PageHeading caption="Data protection">Subject access export</PageHeading>
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <p className="govuk-body">Everything the hub holds on one person, from every agency and every part of the hub, and who accessed it: the answer to their subject access request.</p>
          <div className="govuk-inset-text">Making the export is recorded in the access log, as a disclosure to the person of each category of their data.</div>
          <form onSubmit={submit} noValidate>
            <TextInput id="sar-person" label="Person id" hint="As shown on the person’s page, an application or the access log" value={personId} onChange={setPersonId} error={of('sar-person')} width={30} />
            <button type="submit" className="govuk-button" data-module="govuk-button">
              Make the export
            </button>
          </form>
        </div>
      </div>
      {fetching && <Loading />}
      {result && (
        <div data-testid="subject-access-export">
          <h2 className="govuk-heading-m">The export</h2>
          <SummaryList
            rows={[
              ['Person', <span className="app-id">{result.personId}</span>],
              ['Made', formatDateTime(result.generatedAt)],
              ['By', result.generatedBy],
            ]}
          />
          <button type="button" className="govuk-button govuk-button--secondary" onClick={download}>
            Download the export (JSON)
          </button>
          {result.sections.map((s, i) => (
            <ExportSection key={s.title} title={s.title} records={s.records} rows={s.rows} open={i === 0} />
          ))}
        </div>
      )}
    </>
  );
}

function ExportSection({ title, records, rows, open }: { title: string; records: number; rows: string; open: boolean }) {
  const parsed = JSON.parse(rows) as Array<Record<string, unknown>>;
  return (
    <details className="govuk-details" open={open} data-testid="export-section">
      <summary className="govuk-details__summary">
        <span className="govuk-details__summary-text">
          {title} ({records === 1 ? '1 record' : `${records.toLocaleString('en-GB')} records`})
        </span>
      </summary>
      <div className="govuk-details__text">
        {parsed.length === 0 && <p className="govuk-body">None held.</p>}
        {parsed.map((row, i) => (
          <div key={i}>
            {parsed.length > 1 && (
              <h3 className="govuk-heading-s">
                {i + 1} of {parsed.length}
              </h3>
            )}
            <SummaryList rows={Object.entries(row).map(([k, v]) => [k, <span className="app-wrap">{cell(v)}</span>])} />
          </div>
        ))}
      </div>
    </details>
  );
}

const RetentionQuery = graphql(`
  query RetentionDryRun($months: Int) {
    retentionDryRun(months: $months) {
      months
      cutoff
      incidents
      people
      byAgencyYear {
        agencyId
        year
        incidents
      }
    }
    agencies {
      id
      name
    }
  }
`);

const AnonymiseMutation = graphql(`
  mutation AnonymiseRetainedIncidents($months: Int, $confirmIncidents: Int!) {
    anonymiseRetainedIncidents(months: $months, confirmIncidents: $confirmIncidents) {
      months
      cutoff
      anonymised
      people
    }
  }
`);

const MAX_MONTHS = 1200;
const plural = (n: number, one: string, many: string) => `${n.toLocaleString('en-GB')} ${n === 1 ? one : many}`;

/**
 * The retention dry run: the incidents past the retention period that still hold personal detail,
 * per supplying agency and year; then, once the DPO confirms, anonymising them
 * (`anonymiseRetainedIncidents`, with the count shown: a count changed since is refused), logged as
 * an erasure per person.
 */
export function Retention() {
  const [months, setMonths] = useState<number | null>(null);
  const [input, setInput] = useState('');
  const { errors, setErrors, of } = useFieldErrors();
  const [{ data, fetching, error }, refetch] = useQuery({ query: RetentionQuery, variables: { months }, requestPolicy: 'network-only' });
  const [anonymising, anonymise] = useMutation(AnonymiseMutation);
  const [confirmed, setConfirmed] = useState<Array<'yes'>>([]);
  const [done, setDone] = useState<{ anonymised: number; people: number; months: number } | null>(null);
  const run = data?.retentionDryRun;
  // The hub's own period fills the field on first load.
  useEffect(() => {
    if (run && !input && months === null) setInput(String(run.months));
  }, [run?.months]);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const v = input.trim();
    const errs: FieldError[] = [];
    const n = Number(v);
    if (!check(errs, !v, 'retention-months', 'Enter the retention period in months'))
      check(errs, !/^\d+$/.test(v) || n < 1 || n > MAX_MONTHS, 'retention-months', `Enter the retention period as a whole number of months, from 1 to ${MAX_MONTHS.toLocaleString('en-GB')}`);
    setErrors(errs);
    if (errs.length) return;
    setMonths(n);
    setConfirmed([]);
    setDone(null);
  };
  const runAnonymise = async (e: FormEvent) => {
    e.preventDefault();
    if (!run) return;
    const errs: FieldError[] = [];
    check(errs, !confirmed.length, 'retention-confirm', 'Confirm that the personal detail of these incidents is to be removed');
    setErrors(errs);
    if (errs.length) return;
    const r = await anonymise({ months: run.months, confirmIncidents: run.incidents });
    if (r.error || !r.data) return;
    setDone(r.data.anonymiseRetainedIncidents);
    setConfirmed([]);
    refetch({ requestPolicy: 'network-only' });
    window.scrollTo(0, 0);
  };
  const names = new Map((data?.agencies ?? []).map((a) => [a.id, a.name]));
  const day = run ? formatDate(run.cutoff.slice(0, 10)) : '';

  return (
    <>
      <ErrorSummary errors={[...errors, ...apiErrors(error, { months: 'retention-months' }), ...apiErrors(anonymising.error, { months: 'retention-months', confirmIncidents: 'retention-confirm' })]} />
      {done && (
        <SuccessBanner title="Anonymised" testId="retention-done">
          <p className="govuk-notification-banner__heading">
            {plural(done.anonymised, 'incident', 'incidents')} older than {done.months} months anonymised. Erasures logged: {plural(done.people, 'person', 'people')}.
          </p>
        </SuccessBanner>
      )}
      <PageHeading caption="Data protection">Retention</PageHeading>
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <p className="govuk-body">
            Incidents older than the retention period lose their personal detail (narrative, location, the people concerned and the narrative of actions); what statistics count stays. This page
            shows what that would change now, and changes nothing until you confirm.
          </p>
          <form onSubmit={submit} noValidate>
            <TextInput id="retention-months" label="Retention period in months" hint="72 months is six years" value={input} onChange={setInput} error={of('retention-months')} width={5} />
            <button type="submit" className="govuk-button" data-module="govuk-button">
              Show what would be anonymised
            </button>
          </form>
        </div>
      </div>
      {fetching && !data && <Loading />}
      {run && (
        <div data-testid="retention-result">
          <h2 className="govuk-heading-m">
            {run.incidents
              ? `${run.incidents.toLocaleString('en-GB')} ${run.incidents === 1 ? 'incident' : 'incidents'} older than ${day} (${run.months} months), concerning ${run.people.toLocaleString('en-GB')} ${run.people === 1 ? 'person' : 'people'}`
              : `No incident older than ${day} (${run.months} months) still holds personal detail`}
          </h2>
          {run.incidents > 0 && (
            <table className="govuk-table" data-testid="retention-table">
              <caption className="govuk-table__caption govuk-table__caption--s">Incidents past the retention period, by supplying agency and the year they took place</caption>
              <thead className="govuk-table__head">
                <tr className="govuk-table__row">
                  <th scope="col" className="govuk-table__header">Agency</th>
                  <th scope="col" className="govuk-table__header">Year</th>
                  <th scope="col" className="govuk-table__header govuk-table__header--numeric">Incidents</th>
                </tr>
              </thead>
              <tbody className="govuk-table__body">
                {run.byAgencyYear.map((g) => (
                  <tr className="govuk-table__row" key={`${g.agencyId}-${g.year}`}>
                    <th scope="row" className="govuk-table__header">
                      {names.get(g.agencyId) ?? g.agencyId}
                    </th>
                    <td className="govuk-table__cell">{g.year}</td>
                    <td className="govuk-table__cell govuk-table__cell--numeric">{g.incidents.toLocaleString('en-GB')}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {run.incidents > 0 && (
            <form onSubmit={runAnonymise} noValidate>
              <h2 className="govuk-heading-m">Anonymise them</h2>
              <div className="govuk-warning-text">
                <span className="govuk-warning-text__icon" aria-hidden="true">
                  !
                </span>
                <strong className="govuk-warning-text__text">
                  <span className="govuk-visually-hidden">Warning</span>
                  This removes the personal detail of {plural(run.incidents, 'incident', 'incidents')} for good. Each person concerned is recorded in the access log as an erasure.
                </strong>
              </div>
              <Checkboxes
                id="retention-confirm"
                legend="Confirm"
                error={of('retention-confirm')}
                options={[{ value: 'yes', label: `Yes, remove the personal detail of ${plural(run.incidents, 'incident', 'incidents')} older than ${day}` }]}
                values={confirmed}
                onChange={setConfirmed}
              />
              <button type="submit" className="govuk-button govuk-button--warning" data-module="govuk-button" disabled={anonymising.fetching}>
                Anonymise {plural(run.incidents, 'incident', 'incidents')}
              </button>
            </form>
          )}
          <p className="govuk-body">
            The same from the command line: <code>npm run retention -- --months {run.months}</code> (a dry run), then with <code>--yes</code>.
          </p>
        </div>
      )}
    </>
  );
}
