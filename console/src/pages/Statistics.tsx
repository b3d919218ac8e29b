import { useState, type FormEvent } from 'react';
import { useQuery } from 'urql';
import { graphql } from '../gql';
import type { IncidentDimension } from '../gql/graphql';
import { problems } from '../client';
import { toCsv } from '../csv';
import { ErrorSummary, Loading, PageHeading, Tag, downloadCsv, humanise } from '../ui';

const IncidentStatsQuery = graphql(`
  query IncidentStatistics($groupBy: [IncidentDimension!]!, $filter: IncidentStatsFilter) {
    incidentStatistics(groupBy: $groupBy, filter: $filter) {
      month
      source
      category
      area
      agencyId
      count
      suppressed
    }
  }
`);

const TriggerStatsQuery = graphql(`
  query TriggerStatisticsByAuthority($from: Date!, $to: Date!) {
    triggerStatistics(from: $from, to: $to) {
      disclosureControlled
      byAuthority {
        authority {
          id
          name
        }
        applicationsReceived
        thresholdNotMet
        reviewsCarriedOut
        reviewsWithRecommendations
        suppressedFigures
      }
    }
  }
`);

const DIMENSIONS: Array<[IncidentDimension, string, 'month' | 'source' | 'category' | 'area' | 'agencyId']> = [
  ['MONTH', 'Month', 'month'],
  ['SOURCE', 'Source', 'source'],
  ['CATEGORY', 'Category', 'category'],
  ['AREA', 'Area (LSOA)', 'area'],
  ['AGENCY', 'Agency', 'agencyId'],
];
const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

function monthsAgo(n: number): string {
  const d = new Date();
  d.setUTCDate(1);
  d.setUTCMonth(d.getUTCMonth() - n);
  return d.toISOString().slice(0, 7);
}
const lastDay = (month: string) => {
  const [y, m] = month.split('-').map(Number);
  return `${month}-${String(new Date(Date.UTC(y, m, 0)).getUTCDate()).padStart(2, '0')}`;
};

/** Incident counts by month, source, category, area and agency, under disclosure control; and the statutory figures. */
export function Statistics() {
  const [form, setForm] = useState({ groupBy: ['MONTH', 'SOURCE'] as IncidentDimension[], from: monthsAgo(11), to: monthsAgo(0) });
  const [asked, setAsked] = useState(form);
  const [errors, setErrors] = useState<Array<{ text: string; href: string }>>([]);
  const variables = { groupBy: asked.groupBy, filter: { from: `${asked.from}-01`, to: lastDay(asked.to) } };
  const [{ data, fetching, error }] = useQuery({ query: IncidentStatsQuery, variables });
  const [triggers] = useQuery({ query: TriggerStatsQuery, variables: { from: variables.filter.from, to: variables.filter.to } });

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const errs: Array<{ text: string; href: string }> = [];
    if (!form.groupBy.length) errs.push({ text: 'Select at least one way to group the counts', href: '#group-MONTH' });
    if (!MONTH.test(form.from)) errs.push({ text: 'Enter the first month as a year and month, like 2026-01', href: '#from' });
    if (!MONTH.test(form.to)) errs.push({ text: 'Enter the last month as a year and month, like 2026-12', href: '#to' });
    if (!errs.length && form.to < form.from) errs.push({ text: 'The last month must not be before the first', href: '#to' });
    setErrors(errs);
    if (!errs.length) setAsked(form);
  };
  const columns = DIMENSIONS.filter(([d]) => asked.groupBy.includes(d));
  const rows = data?.incidentStatistics ?? [];
  const byAuthority = triggers.data?.triggerStatistics.byAuthority ?? [];
  const err = (href: string) => errors.find((e) => e.href === href);
  const monthOnly = asked.groupBy.length === 1 && asked.groupBy[0] === 'MONTH';

  const downloadIncidents = () =>
    downloadCsv(
      `incident-statistics-${asked.from}-to-${asked.to}.csv`,
      toCsv(
        [...columns.map(([, label]) => label), 'Count', 'Suppressed'],
        rows.map((r) => [...columns.map(([, , key]) => r[key] ?? ''), r.count, r.suppressed ? 'yes' : 'no']),
      ),
    );
  const downloadTriggers = () =>
    downloadCsv(
      `trigger-statistics-${asked.from}-to-${asked.to}.csv`,
      toCsv(
        ['Authority', 'Applications received', 'Threshold not met', 'Reviews carried out', 'Reviews with recommendations', 'Suppressed figures'],
        byAuthority.map((s) => [s.authority?.name ?? '', s.applicationsReceived, s.thresholdNotMet, s.reviewsCarriedOut, s.reviewsWithRecommendations, s.suppressedFigures.join(' ')]),
      ),
    );

  return (
    <>
      <ErrorSummary errors={[...errors, ...[...problems(error), ...problems(triggers.error)].map((text) => ({ text, href: '' }))]} />
      <PageHeading caption="Analysis">Statistics</PageHeading>
      <p className="govuk-body">Counts only, in whole months. Small counts are suppressed and the rest rounded to 5, so the same cell gives the same answer however it is reached.</p>
      <form onSubmit={submit} noValidate>
        <div className={`govuk-form-group${err('#group-MONTH') ? ' govuk-form-group--error' : ''}`}>
          <fieldset className="govuk-fieldset">
            <legend className="govuk-fieldset__legend govuk-fieldset__legend--s">Group incidents by</legend>
            {err('#group-MONTH') && (
              <p className="govuk-error-message">
                <span className="govuk-visually-hidden">Error:</span> {err('#group-MONTH')!.text}
              </p>
            )}
            <div className="govuk-checkboxes govuk-checkboxes--small" data-module="govuk-checkboxes">
              {DIMENSIONS.map(([d, label]) => (
                <div className="govuk-checkboxes__item" key={d}>
                  <input
                    className="govuk-checkboxes__input"
                    id={`group-${d}`}
                    type="checkbox"
                    checked={form.groupBy.includes(d)}
                    onChange={(e) => setForm({ ...form, groupBy: e.target.checked ? DIMENSIONS.map(([x]) => x).filter((x) => x === d || form.groupBy.includes(x)) : form.groupBy.filter((x) => x !== d) })}
                  />
                  <label className="govuk-label govuk-checkboxes__label" htmlFor={`group-${d}`}>
                    {label}
                  </label>
                </div>
              ))}
            </div>
          </fieldset>
        </div>
        <div className="app-inline-fields">
          {(['from', 'to'] as const).map((k) => (
            <div className={`govuk-form-group${err(`#${k}`) ? ' govuk-form-group--error' : ''}`} key={k}>
              <label className="govuk-label" htmlFor={k}>
                {k === 'from' ? 'First month' : 'Last month'}
              </label>
              <div id={`${k}-hint`} className="govuk-hint">
                For example, {k === 'from' ? '2026-01' : '2026-12'}
              </div>
              {err(`#${k}`) && (
                <p className="govuk-error-message">
                  <span className="govuk-visually-hidden">Error:</span> {err(`#${k}`)!.text}
                </p>
              )}
              <input className={`govuk-input govuk-input--width-5${err(`#${k}`) ? ' govuk-input--error' : ''}`} id={k} type="text" inputMode="numeric" aria-describedby={`${k}-hint`} value={form[k]} onChange={(e) => setForm({ ...form, [k]: e.target.value })} />
            </div>
          ))}
        </div>
        <button type="submit" className="govuk-button">
          Show statistics
        </button>
      </form>

      <h2 className="govuk-heading-m">Incidents</h2>
      {fetching && !data && <Loading />}
      {monthOnly && rows.length > 0 && <MonthChart rows={rows.map((r) => ({ label: r.month ?? '', count: r.count, suppressed: r.suppressed }))} />}
      {data && (
        <>
          <button type="button" className="govuk-button govuk-button--secondary" onClick={downloadIncidents} disabled={!rows.length}>
            Download incidents as CSV
          </button>
          <table className="govuk-table" data-testid="incident-statistics">
            <caption className="govuk-table__caption govuk-table__caption--s">
              Incidents from {asked.from} to {asked.to}, by {columns.map(([, l]) => l.toLowerCase()).join(', ')}
            </caption>
            <thead className="govuk-table__head">
              <tr className="govuk-table__row">
                {columns.map(([d, label]) => (
                  <th scope="col" className="govuk-table__header" key={d}>
                    {label}
                  </th>
                ))}
                <th scope="col" className="govuk-table__header govuk-table__header--numeric">
                  Count
                </th>
              </tr>
            </thead>
            <tbody className="govuk-table__body">
              {rows.map((r, i) => (
                <tr className="govuk-table__row" key={i}>
                  {columns.map(([d, , key]) => (
                    <td className="govuk-table__cell" key={d}>
                      {key === 'source' || key === 'category' ? humanise(r[key]) : r[key]}
                    </td>
                  ))}
                  <td className="govuk-table__cell govuk-table__cell--numeric">{r.suppressed ? <Tag colour="grey">Suppressed</Tag> : r.count}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {rows.length === 0 && <p className="govuk-body">No incidents in this period.</p>}
        </>
      )}

      <h2 className="govuk-heading-m">ASB Case Reviews (Community Trigger) by authority</h2>
      {triggers.data && (
        <>
          <button type="button" className="govuk-button govuk-button--secondary" onClick={downloadTriggers} disabled={!byAuthority.length}>
            Download case review figures as CSV
          </button>
          <table className="govuk-table" data-testid="trigger-statistics">
            <caption className="govuk-table__caption govuk-table__caption--s">
              The four statutory figures, {asked.from} to {asked.to}
              {triggers.data.triggerStatistics.disclosureControlled ? ' (under disclosure control)' : ''}
            </caption>
            <thead className="govuk-table__head">
              <tr className="govuk-table__row">
                <th scope="col" className="govuk-table__header">Authority</th>
                <th scope="col" className="govuk-table__header govuk-table__header--numeric">Applications</th>
                <th scope="col" className="govuk-table__header govuk-table__header--numeric">Threshold not met</th>
                <th scope="col" className="govuk-table__header govuk-table__header--numeric">Reviews</th>
                <th scope="col" className="govuk-table__header govuk-table__header--numeric">With recommendations</th>
              </tr>
            </thead>
            <tbody className="govuk-table__body">
              {byAuthority.map((s) => (
                <tr className="govuk-table__row" key={s.authority?.id}>
                  <th scope="row" className="govuk-table__header">
                    {s.authority?.name}
                  </th>
                  {(['applicationsReceived', 'thresholdNotMet', 'reviewsCarriedOut', 'reviewsWithRecommendations'] as const).map((k) => (
                    <td className="govuk-table__cell govuk-table__cell--numeric" key={k}>
                      {s[k] ?? <Tag colour="grey">Suppressed</Tag>}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </>
  );
}

/** Counts per month as bars (an SVG drawn here; suppressed months are marked, not drawn). */
function MonthChart({ rows }: { rows: Array<{ label: string; count: number | null | undefined; suppressed: boolean }> }) {
  const max = Math.max(1, ...rows.map((r) => r.count ?? 0));
  const w = 40;
  const h = 160;
  return (
    <figure className="app-chart">
      <svg viewBox={`0 0 ${rows.length * w + 10} ${h + 40}`} role="img" aria-labelledby="chart-title" className="app-chart__svg">
        <title id="chart-title">Incidents per month (the table below gives the figures)</title>
        {rows.map((r, i) => {
          const bar = r.suppressed ? 0 : ((r.count ?? 0) / max) * h;
          return (
            <g key={r.label} transform={`translate(${i * w + 10},0)`}>
              <rect x={4} y={h - bar} width={w - 12} height={bar} className="app-chart__bar" />
              <text x={w / 2 - 2} y={h - bar - 4} textAnchor="middle" className="app-chart__value">
                {r.suppressed ? '*' : r.count}
              </text>
              <text x={w / 2 - 2} y={h + 16} textAnchor="middle" className="app-chart__label">
                {r.label.slice(2)}
              </text>
            </g>
          );
        })}
      </svg>
      <figcaption className="govuk-body-s">Incidents per month. * suppressed (a small count).</figcaption>
    </figure>
  );
}
