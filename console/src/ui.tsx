import { useEffect, useRef, type ReactNode } from 'react';
import { signOut, type Session } from './auth';
import { Link, navigate } from './router';

/** GOV.UK Design System patterns as small React components (govuk-frontend's classes). */

const dateTime = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit' });
const dateOnly = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', day: 'numeric', month: 'long', year: 'numeric' });

export const formatDateTime = (iso: string | null | undefined) => (iso ? dateTime.format(new Date(iso)) : '');
/** A calendar date (YYYY-MM-DD) as "5 March 2026". */
export const formatDate = (date: string | null | undefined) => (date ? dateOnly.format(new Date(`${date}T12:00:00Z`)) : '');
export const humanise = (value: string | null | undefined) => (value ? value.charAt(0) + value.slice(1).toLowerCase().replace(/_/g, ' ') : '');

export function Tag({ colour, children }: { colour?: 'grey' | 'green' | 'red' | 'yellow' | 'blue' | 'orange' | 'purple' | 'light-blue' | 'pink' | 'turquoise'; children: ReactNode }) {
  return <strong className={`govuk-tag${colour ? ` govuk-tag--${colour}` : ''}`}>{children}</strong>;
}

/** A personal field the reader may not see: marked, never hidden. */
export function Withheld({ category }: { category: string }) {
  return (
    <span className="app-withheld">
      <Tag colour="grey">Withheld</Tag> <span className="govuk-body-s app-withheld__category">{humanise(category)} (no access)</span>
    </span>
  );
}

/** A value, or the withheld mark, or a dash when there is none. */
export function Value({ value, withheld }: { value: ReactNode; withheld?: string | null }) {
  if (withheld) return <Withheld category={withheld} />;
  if (value === null || value === undefined || value === '') return <span className="govuk-hint app-none">Not recorded</span>;
  return <>{value}</>;
}

export function SummaryList({ rows }: { rows: Array<[string, ReactNode]> }) {
  return (
    <dl className="govuk-summary-list">
      {rows.map(([key, value]) => (
        <div className="govuk-summary-list__row" key={key}>
          <dt className="govuk-summary-list__key">{key}</dt>
          <dd className="govuk-summary-list__value">{value}</dd>
        </div>
      ))}
    </dl>
  );
}

/**
 * The document title: the page's heading, prefixed "Error: " while an error summary shows
 * (ErrorSummary and PageHeading mount in either order, so both keep this one state).
 */
const title = { page: 'ASB Partnership Hub', errors: 0 };
const applyTitle = () => {
  document.title = `${title.errors > 0 ? 'Error: ' : ''}${title.page} – ASB Partnership Hub`;
};

/** The error summary: focused when it appears, as the GOV.UK pattern does. */
export function ErrorSummary({ errors }: { errors: Array<{ text: string; href?: string }> }) {
  const ref = useRef<HTMLDivElement>(null);
  const key = errors.map((e) => e.text).join('|');
  useEffect(() => {
    if (errors.length) ref.current?.focus();
  }, [key]);
  const shown = errors.length > 0;
  // While it shows, the page's title says so first ("Error: "), as GOV.UK pages do.
  useEffect(() => {
    if (!shown) return;
    title.errors++;
    applyTitle();
    return () => {
      title.errors--;
      applyTitle();
    };
  }, [shown]);
  if (!errors.length) return null;
  return (
    <div className="govuk-error-summary" data-module="govuk-error-summary" ref={ref} tabIndex={-1}>
      <div role="alert">
        <h2 className="govuk-error-summary__title">There is a problem</h2>
        <div className="govuk-error-summary__body">
          <ul className="govuk-list govuk-error-summary__list">
            {errors.map((e) => (
              <li key={e.text}>{e.href ? <a href={e.href}>{e.text}</a> : e.text}</li>
            ))}
          </ul>
        </div>
      </div>
    </div>
  );
}

export function Loading() {
  return (
    <p className="govuk-body" role="status">
      Loading…
    </p>
  );
}

export function PageHeading({ caption, children }: { caption?: string; children: ReactNode }) {
  // A heading of text and values (`Application {reference}`) is the title too.
  const text = typeof children === 'string' ? children : Array.isArray(children) && children.every((c) => typeof c === 'string' || typeof c === 'number') ? children.join('') : 'ASB Partnership Hub';
  useEffect(() => {
    title.page = text;
    applyTitle();
  }, [text]);
  return (
    <>
      {caption && <span className="govuk-caption-l">{caption}</span>}
      <h1 className="govuk-heading-l">{children}</h1>
    </>
  );
}

export const ROLE_NAMES: Record<string, string> = {
  spoc: 'Single point of contact (SPOC)',
  reviewer: 'Case review panel member',
  dpo: 'Data protection officer',
  analyst: 'Analyst',
  contributor: 'Contributing system',
  admin: 'Administrator',
};

/** The pages each role uses, in the service navigation. */
export function navigationFor(roles: string[]): Array<{ href: string; text: string }> {
  const items: Array<{ href: string; text: string }> = [];
  if (roles.includes('spoc')) items.push({ href: '/queue', text: 'Work queue' }, { href: '/applications/new', text: 'New application' }, { href: '/referrals', text: 'Referrals' }, { href: '/explanations', text: 'Explanations due' }, { href: '/outbox', text: 'Sent and failed' }, { href: '/reviews', text: 'Case reviews' });
  if (roles.includes('reviewer')) items.push({ href: '/reviews', text: 'Case reviews' }, { href: '/referrals', text: 'Referrals' });
  if (roles.includes('dpo') || roles.includes('admin')) items.push({ href: '/access-log', text: 'Access log' }, { href: '/explain', text: 'Explain access' }, { href: '/access-rules', text: 'Access rules' }, { href: '/agreements', text: 'Agreements' }, { href: '/grants', text: 'Grants' });
  if (roles.includes('dpo')) items.push({ href: '/subject-access', text: 'Subject access' }, { href: '/retention', text: 'Retention' });
  if (roles.includes('admin')) items.push({ href: '/agencies', text: 'Agencies' });
  if (roles.includes('analyst') || roles.includes('dpo')) items.push({ href: '/statistics', text: 'Statistics' });
  if (roles.includes('contributor')) items.push({ href: '/upload', text: 'Upload incidents' });
  return items.filter((item, i) => items.findIndex((o) => o.href === item.href) === i);
}

export function Layout({ session, path, children }: { session: Session | null; path: string; children: ReactNode }) {
  const items = session ? navigationFor(session.roles) : [];
  const current = path.split('?')[0];
  return (
    <>
      <a href="#main-content" className="govuk-skip-link" data-module="govuk-skip-link">
        Skip to main content
      </a>
      <header className="govuk-generic-header app-header">
        <div className="govuk-generic-header__container govuk-width-container">
          <div className="govuk-generic-header__logo">
            <Link href="/" className="govuk-generic-header__homepage-link">
              ASB Partnership Hub
            </Link>
          </div>
        </div>
      </header>
      <section aria-label="Service information" className="govuk-service-navigation">
        <div className="govuk-width-container">
          <div className="govuk-service-navigation__container">
            <span className="govuk-service-navigation__service-name">
              <span className="govuk-service-navigation__text">ASB Case Review (Community Trigger)</span>
            </span>
            {session && (
              <nav aria-label="Menu" className="govuk-service-navigation__wrapper">
                <ul className="govuk-service-navigation__list" id="navigation">
                  {items.map((item) => {
                    const active = current === item.href || current.startsWith(`${item.href}/`);
                    return (
                      <li key={item.href} className={`govuk-service-navigation__item${active ? ' govuk-service-navigation__item--active' : ''}`}>
                        <Link href={item.href} className="govuk-service-navigation__link" aria-current={active ? 'page' : undefined}>
                          {active ? <strong className="govuk-service-navigation__active-fallback">{item.text}</strong> : item.text}
                        </Link>
                      </li>
                    );
                  })}
                  <li className="govuk-service-navigation__item">
                    <a
                      href="/sign-in"
                      className="govuk-service-navigation__link"
                      onClick={(e) => {
                        e.preventDefault();
                        signOut();
                        navigate('/sign-in');
                      }}
                    >
                      Sign out
                    </a>
                  </li>
                </ul>
              </nav>
            )}
          </div>
        </div>
      </section>
      <div className="govuk-width-container">
        {session && (
          <div className="govuk-phase-banner">
            <p className="govuk-phase-banner__content">
              <strong className="govuk-tag app-phase-tag">{session.agency}</strong>
              <span className="govuk-phase-banner__text">
                Signed in as {session.sub} ({session.roles.map((r) => ROLE_NAMES[r] ?? r).join(', ')}).
              </span>
            </p>
          </div>
        )}
        <main className="govuk-main-wrapper" id="main-content">
          {children}
        </main>
      </div>
      <footer className="govuk-footer">
        <div className="govuk-width-container">
          <div className="govuk-footer__meta">
            <div className="govuk-footer__meta-item govuk-footer__meta-item--grow">
              <p className="govuk-footer__meta-custom">Personal data is shown only as the access rules allow; every access is logged.</p>
            </div>
          </div>
        </div>
      </footer>
    </>
  );
}

/** A CSV file the browser saves: built in memory, offered as a download link. */
export function downloadCsv(filename: string, csv: string) {
  const url = URL.createObjectURL(new Blob([csv], { type: 'text/csv;charset=utf-8' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
