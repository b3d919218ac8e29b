import { useState, type FormEvent } from 'react';
import { useQuery } from 'urql';
import { graphql } from '../gql';
import type { AccessLogFilter, AccessOutcome, DataCategory } from '../gql/graphql';
import { problems } from '../client';
import { ErrorSummary, Loading, PageHeading, SummaryList, Tag, formatDateTime, humanise } from '../ui';

const AccessLogQuery = graphql(`
  query AccessLog($filter: AccessLogFilter, $first: Int, $after: String) {
    accessLog(filter: $filter, first: $first, after: $after) {
      edges {
        cursor
        node {
          seq
          occurredAt
          actorSub
          actorAgencyId
          actorRoles
          purpose
          personId
          category
          decision
          basis
          operation
          subgraph
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`);

const VerifyQuery = graphql(`
  query VerifyAccessLog {
    verifyAccessLog {
      valid
      checked
      firstBrokenSeq
      reason
    }
  }
`);

const PAGE = 25;

function TextField({ id, label, value, onChange, hint }: { id: string; label: string; value: string; onChange: (v: string) => void; hint?: string }) {
  return (
    <div className="govuk-form-group">
      <label className="govuk-label" htmlFor={id}>
        {label}
      </label>
      {hint && (
        <div id={`${id}-hint`} className="govuk-hint">
          {hint}
        </div>
      )}
      <input className="govuk-input" id={id} type="text" value={value} onChange={(e) => onChange(e.target.value)} aria-describedby={hint ? `${id}-hint` : undefined} spellCheck={false} />
    </div>
  );
}

/** Every access decision on personal data, newest first, filtered and paged; and the chain check. */
export function AccessLog() {
  const [form, setForm] = useState({ personId: '', agencyId: '', actorSub: '', decision: '' });
  const [filter, setFilter] = useState<AccessLogFilter>({});
  const [cursors, setCursors] = useState<Array<string | null>>([null]);
  const after = cursors[cursors.length - 1];
  const [{ data, fetching, error }] = useQuery({ query: AccessLogQuery, variables: { filter, first: PAGE, after } });
  const [verifyRequested, setVerifyRequested] = useState(false);
  const [verify, runVerify] = useQuery({ query: VerifyQuery, pause: !verifyRequested, requestPolicy: 'network-only' });

  const apply = (e: FormEvent) => {
    e.preventDefault();
    const f: AccessLogFilter = {};
    if (form.personId.trim()) f.personId = form.personId.trim();
    if (form.agencyId.trim()) f.agencyId = form.agencyId.trim();
    if (form.actorSub.trim()) f.actorSub = form.actorSub.trim();
    if (form.decision) f.decision = form.decision as AccessOutcome;
    setFilter(f);
    setCursors([null]);
  };
  const result = verify.data?.verifyAccessLog;
  const edges = data?.accessLog.edges ?? [];

  return (
    <>
      <PageHeading caption="Data protection">Access log</PageHeading>
      <ErrorSummary errors={[...problems(error), ...problems(verify.error)].map((text) => ({ text }))} />
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <p className="govuk-body">Every decision to show or withhold personal data is recorded here, in a hash chain that shows whether any row was changed or removed.</p>
        </div>
        <div className="govuk-grid-column-one-third">
          <button type="button" className="govuk-button govuk-button--secondary" onClick={() => (verifyRequested ? runVerify({ requestPolicy: 'network-only' }) : setVerifyRequested(true))}>
            Verify the log
          </button>
        </div>
      </div>
      {verify.fetching && <Loading />}
      {result &&
        (result.valid ? (
          <div className="govuk-notification-banner govuk-notification-banner--success" role="alert" aria-labelledby="verify-title" data-testid="verify-result">
            <div className="govuk-notification-banner__header">
              <h2 className="govuk-notification-banner__title" id="verify-title">
                Success
              </h2>
            </div>
            <div className="govuk-notification-banner__content">
              <p className="govuk-notification-banner__heading">The access log is intact: {result.checked.toLocaleString('en-GB')} rows checked.</p>
            </div>
          </div>
        ) : (
          <div className="govuk-notification-banner" role="alert" aria-labelledby="verify-title" data-testid="verify-result">
            <div className="govuk-notification-banner__header">
              <h2 className="govuk-notification-banner__title" id="verify-title">
                Important
              </h2>
            </div>
            <div className="govuk-notification-banner__content">
              <p className="govuk-notification-banner__heading">
                The access log does not verify: row {result.firstBrokenSeq} {result.reason ? `(${result.reason})` : ''}. {result.checked} rows checked.
              </p>
            </div>
          </div>
        ))}

      <details className="govuk-details" open={Object.keys(filter).length > 0}>
        <summary className="govuk-details__summary">
          <span className="govuk-details__summary-text">Filter the log</span>
        </summary>
        <div className="govuk-details__text">
          <form onSubmit={apply} noValidate>
            <TextField id="filter-person" label="Person id" value={form.personId} onChange={(personId) => setForm({ ...form, personId })} />
            <TextField id="filter-agency" label="Agency id" hint="For example, kent-police" value={form.agencyId} onChange={(agencyId) => setForm({ ...form, agencyId })} />
            <TextField id="filter-actor" label="User" value={form.actorSub} onChange={(actorSub) => setForm({ ...form, actorSub })} />
            <div className="govuk-form-group">
              <label className="govuk-label" htmlFor="filter-decision">
                Decision
              </label>
              <select className="govuk-select" id="filter-decision" value={form.decision} onChange={(e) => setForm({ ...form, decision: e.target.value })}>
                <option value="">Any</option>
                <option value="ALLOW">Allowed</option>
                <option value="DENY">Denied</option>
              </select>
            </div>
            <button type="submit" className="govuk-button">
              Apply filter
            </button>
          </form>
        </div>
      </details>

      {fetching && !data && <Loading />}
      {data && (
        <table className="govuk-table app-table--small" data-testid="access-log">
          <caption className="govuk-table__caption govuk-table__caption--m">Access decisions, newest first</caption>
          <thead className="govuk-table__head">
            <tr className="govuk-table__row">
              <th scope="col" className="govuk-table__header">Row</th>
              <th scope="col" className="govuk-table__header">When</th>
              <th scope="col" className="govuk-table__header">Who</th>
              <th scope="col" className="govuk-table__header">Person and category</th>
              <th scope="col" className="govuk-table__header">Decision</th>
              <th scope="col" className="govuk-table__header">Basis</th>
            </tr>
          </thead>
          <tbody className="govuk-table__body">
            {edges.map(({ node: e }) => (
              <tr className="govuk-table__row" key={e.seq}>
                <td className="govuk-table__cell">{e.seq}</td>
                <td className="govuk-table__cell">{formatDateTime(e.occurredAt)}</td>
                <td className="govuk-table__cell">
                  {e.actorSub}
                  <br />
                  <span className="govuk-hint">
                    {e.actorAgencyId} ({e.actorRoles.join(', ')})
                  </span>
                </td>
                <td className="govuk-table__cell">
                  <span className="app-id">{e.personId ?? '—'}</span>
                  <br />
                  {humanise(e.category)} <span className="govuk-hint">{e.operation}</span>
                </td>
                <td className="govuk-table__cell">{e.decision === 'ALLOW' ? <Tag colour="green">Allowed</Tag> : <Tag colour="red">Denied</Tag>}</td>
                <td className="govuk-table__cell">{e.basis}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {data && edges.length === 0 && <p className="govuk-body">No access decisions match.</p>}
      <nav className="govuk-pagination govuk-pagination--block" aria-label="Pages of the access log">
        {cursors.length > 1 && (
          <div className="govuk-pagination__prev">
            <a className="govuk-link govuk-pagination__link" href="#" rel="prev" onClick={(e) => (e.preventDefault(), setCursors(cursors.slice(0, -1)))}>
              <span className="govuk-pagination__link-title">Newer</span>
            </a>
          </div>
        )}
        {data?.accessLog.pageInfo.hasNextPage && (
          <div className="govuk-pagination__next">
            <a className="govuk-link govuk-pagination__link" href="#" rel="next" onClick={(e) => (e.preventDefault(), setCursors([...cursors, data.accessLog.pageInfo.endCursor ?? null]))}>
              <span className="govuk-pagination__link-title">Older</span>
            </a>
          </div>
        )}
      </nav>
    </>
  );
}

const AgenciesQuery = graphql(`
  query Agencies {
    agencies {
      id
      name
    }
  }
`);

const ExplainQuery = graphql(`
  query ExplainAccess($agencyId: ID!, $personId: ID!, $category: DataCategory!) {
    explainAccess(agencyId: $agencyId, personId: $personId, category: $category) {
      allowed
      agencyId
      personId
      category
      purpose
      rule
      basis
      explanation
    }
  }
`);

const CATEGORIES: DataCategory[] = ['IDENTITY', 'CONTACT', 'SPECIAL_CATEGORY', 'INCIDENT_DETAIL'];

/** "Why can (or can't) agency X see category C of person P?" */
export function ExplainAccess() {
  const [agencies] = useQuery({ query: AgenciesQuery });
  const [form, setForm] = useState({ agencyId: '', personId: '', category: 'IDENTITY' as DataCategory });
  const [asked, setAsked] = useState<typeof form | null>(null);
  const [errors, setErrors] = useState<Array<{ text: string; href: string }>>([]);
  const [{ data, fetching, error }] = useQuery({ query: ExplainQuery, variables: asked ?? { agencyId: '', personId: '', category: 'IDENTITY' }, pause: !asked });

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const errs: Array<{ text: string; href: string }> = [];
    if (!form.agencyId) errs.push({ text: 'Select the agency', href: '#explain-agency' });
    if (!form.personId.trim()) errs.push({ text: 'Enter the person id', href: '#explain-person' });
    setErrors(errs);
    if (!errs.length) setAsked({ ...form, personId: form.personId.trim() });
  };
  const d = data?.explainAccess;
  const err = (href: string) => errors.find((e) => e.href === href);
  return (
    <>
      <ErrorSummary errors={[...errors, ...problems(error).map((text) => ({ text, href: '' }))]} />
      <PageHeading caption="Data protection">Explain access</PageHeading>
      <p className="govuk-body">Why an agency can or cannot see a category of a person’s data now, as its SPOCs and reviewers would.</p>
      <form onSubmit={submit} noValidate>
        <div className={`govuk-form-group${err('#explain-agency') ? ' govuk-form-group--error' : ''}`}>
          <label className="govuk-label" htmlFor="explain-agency">
            Agency
          </label>
          {err('#explain-agency') && (
            <p className="govuk-error-message">
              <span className="govuk-visually-hidden">Error:</span> {err('#explain-agency')!.text}
            </p>
          )}
          <select className="govuk-select" id="explain-agency" value={form.agencyId} onChange={(e) => setForm({ ...form, agencyId: e.target.value })}>
            <option value="">Select an agency</option>
            {(agencies.data?.agencies ?? []).map((a) => (
              <option key={a.id} value={a.id}>
                {a.name}
              </option>
            ))}
          </select>
        </div>
        <div className={`govuk-form-group${err('#explain-person') ? ' govuk-form-group--error' : ''}`}>
          <label className="govuk-label" htmlFor="explain-person">
            Person id
          </label>
          {err('#explain-person') && (
            <p className="govuk-error-message">
              <span className="govuk-visually-hidden">Error:</span> {err('#explain-person')!.text}
            </p>
          )}
          <input className={`govuk-input govuk-input--width-30${err('#explain-person') ? ' govuk-input--error' : ''}`} id="explain-person" type="text" spellCheck={false} value={form.personId} onChange={(e) => setForm({ ...form, personId: e.target.value })} />
        </div>
        <div className="govuk-form-group">
          <label className="govuk-label" htmlFor="explain-category">
            Data category
          </label>
          <select className="govuk-select" id="explain-category" value={form.category} onChange={(e) => setForm({ ...form, category: e.target.value as DataCategory })}>
            {CATEGORIES.map((c) => (
              <option key={c} value={c}>
                {humanise(c)}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className="govuk-button">
          Explain
        </button>
      </form>
      {fetching && <Loading />}
      {d && (
        <div data-testid="explanation">
          <h2 className="govuk-heading-m">{d.allowed ? <Tag colour="green">Can see</Tag> : <Tag colour="red">Cannot see</Tag>}</h2>
          <SummaryList
            rows={[
              ['Agency', d.agencyId],
              ['Person', d.personId],
              ['Category', humanise(d.category)],
              ['Purpose', humanise(d.purpose)],
              ['Rule', d.rule],
              ['Basis', d.basis],
              ['Explanation', d.explanation],
            ]}
          />
        </div>
      )}
    </>
  );
}

const RulesQuery = graphql(`
  query AccessRules {
    accessRules {
      id
      order
      effect
      description
      roles
      categories
      condition
    }
  }
`);

/** The access rules in force, in evaluation order. */
export function AccessRules() {
  const [{ data, fetching, error }] = useQuery({ query: RulesQuery });
  return (
    <>
      <PageHeading caption="Data protection">Access rules</PageHeading>
      <ErrorSummary errors={problems(error).map((text) => ({ text }))} />
      {fetching && !data && <Loading />}
      {data && (
        <table className="govuk-table app-table--small">
          <caption className="govuk-table__caption govuk-table__caption--m">The rules in force, in the order they are applied; the first that matches decides</caption>
          <thead className="govuk-table__head">
            <tr className="govuk-table__row">
              <th scope="col" className="govuk-table__header">Order</th>
              <th scope="col" className="govuk-table__header">Effect</th>
              <th scope="col" className="govuk-table__header">Rule</th>
              <th scope="col" className="govuk-table__header">Roles</th>
              <th scope="col" className="govuk-table__header">Categories</th>
            </tr>
          </thead>
          <tbody className="govuk-table__body">
            {data.accessRules.map((r) => (
              <tr className="govuk-table__row" key={r.id}>
                <td className="govuk-table__cell">{r.order}</td>
                <td className="govuk-table__cell">{r.effect.toUpperCase() === 'ALLOW' ? <Tag colour="green">{r.effect}</Tag> : <Tag colour="red">{r.effect}</Tag>}</td>
                <td className="govuk-table__cell">
                  <strong>{r.id}</strong>
                  <br />
                  {r.description}
                  <br />
                  <code className="app-id app-wrap">{r.condition}</code>
                </td>
                <td className="govuk-table__cell">{r.roles.join(', ')}</td>
                <td className="govuk-table__cell">{r.categories.length === 4 ? 'All' : r.categories.map(humanise).join(', ')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
