import { useEffect, useState, type FormEvent } from 'react';
import { devSignIn, loadConfig, oidcCallback, oidcSignIn, type ConsoleConfig } from '../auth';
import { navigate } from '../router';
import { ErrorSummary, Loading, PageHeading, ROLE_NAMES } from '../ui';
import { homeFor } from './home';

/**
 * Sign-in. In development: choose a demo agency and a role (the gateway's development-only
 * endpoint mints the token). In production: the organisation's identity provider (OpenID Connect).
 */
export function SignIn() {
  const [config, setConfig] = useState<ConsoleConfig | null>(null);
  const [agency, setAgency] = useState('');
  const [role, setRole] = useState('');
  const [errors, setErrors] = useState<Array<{ text: string; href?: string }>>([]);
  useEffect(() => {
    loadConfig().then(setConfig, (e: Error) => setErrors([{ text: `The hub could not be reached: ${e.message}` }]));
  }, []);

  if (!config) return errors.length ? <ErrorSummary errors={errors} /> : <Loading />;
  if (config.signIn === 'none') {
    return (
      <>
        <PageHeading>Sign in</PageHeading>
        <p className="govuk-body">Sign-in is not configured for this hub. Ask its administrator to set OIDC_ISSUER and OIDC_CLIENT_ID.</p>
      </>
    );
  }
  if (config.signIn === 'oidc') {
    return (
      <>
        <PageHeading>Sign in</PageHeading>
        <p className="govuk-body">Sign in with your organisation’s account.</p>
        <button type="button" className="govuk-button" data-module="govuk-button" onClick={() => void oidcSignIn()}>
          Continue to sign in
        </button>
      </>
    );
  }

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const problems: Array<{ text: string; href: string }> = [];
    if (!agency) problems.push({ text: 'Select the agency you work for', href: `#agency-${config.agencies[0]?.id}` });
    if (!role) problems.push({ text: 'Select your role', href: `#role-${config.roles[0]}` });
    setErrors(problems);
    if (problems.length) return;
    try {
      const session = await devSignIn(agency, role);
      navigate(homeFor(session.roles));
    } catch (err) {
      setErrors([{ text: (err as Error).message }]);
    }
  };
  const agencyError = errors.find((e) => e.href?.startsWith('#agency'));
  const roleError = errors.find((e) => e.href?.startsWith('#role'));

  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <ErrorSummary errors={errors} />
        <PageHeading caption="Development only">Sign in as a demo user</PageHeading>
        <div className="govuk-warning-text">
          <span className="govuk-warning-text__icon" aria-hidden="true">
            !
          </span>
          <strong className="govuk-warning-text__text">
            <span className="govuk-visually-hidden">Warning</span>
            This page exists only in development. In production people sign in with their organisation’s account.
          </strong>
        </div>
        <form onSubmit={submit} noValidate>
          <div className={`govuk-form-group${agencyError ? ' govuk-form-group--error' : ''}`}>
            <fieldset className="govuk-fieldset" aria-describedby={agencyError ? 'agency-error' : undefined}>
              <legend className="govuk-fieldset__legend govuk-fieldset__legend--m">Which agency do you work for?</legend>
              {agencyError && (
                <p id="agency-error" className="govuk-error-message">
                  <span className="govuk-visually-hidden">Error:</span> {agencyError.text}
                </p>
              )}
              <div className="govuk-radios govuk-radios--small" data-module="govuk-radios">
                {config.agencies.map((a) => (
                  <div className="govuk-radios__item" key={a.id}>
                    <input className="govuk-radios__input" id={`agency-${a.id}`} name="agency" type="radio" value={a.id} checked={agency === a.id} onChange={() => setAgency(a.id)} />
                    <label className="govuk-label govuk-radios__label" htmlFor={`agency-${a.id}`}>
                      {a.name}
                    </label>
                  </div>
                ))}
              </div>
            </fieldset>
          </div>
          <div className={`govuk-form-group${roleError ? ' govuk-form-group--error' : ''}`}>
            <fieldset className="govuk-fieldset" aria-describedby={roleError ? 'role-error' : undefined}>
              <legend className="govuk-fieldset__legend govuk-fieldset__legend--m">What is your role?</legend>
              {roleError && (
                <p id="role-error" className="govuk-error-message">
                  <span className="govuk-visually-hidden">Error:</span> {roleError.text}
                </p>
              )}
              <div className="govuk-radios" data-module="govuk-radios">
                {config.roles.map((r) => (
                  <div className="govuk-radios__item" key={r}>
                    <input className="govuk-radios__input" id={`role-${r}`} name="role" type="radio" value={r} checked={role === r} onChange={() => setRole(r)} />
                    <label className="govuk-label govuk-radios__label" htmlFor={`role-${r}`}>
                      {ROLE_NAMES[r] ?? r}
                    </label>
                  </div>
                ))}
              </div>
            </fieldset>
          </div>
          <button type="submit" className="govuk-button" data-module="govuk-button">
            Sign in
          </button>
        </form>
      </div>
    </div>
  );
}

/** The identity provider sends the person back here with an authorization code. */
export function SignedIn() {
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    oidcCallback().then(
      (s) => navigate(homeFor(s.roles)),
      (e: Error) => setError(e.message),
    );
  }, []);
  return error ? <ErrorSummary errors={[{ text: `Sign-in failed: ${error}` }]} /> : <Loading />;
}
