import { useState, type ReactNode } from 'react';
import type { CombinedError } from 'urql';

/** GOV.UK form patterns (label, hint, error message, error summary link) as small components. */

export type FieldError = { text: string; href: string };

/** The form's errors by field id, and the list the error summary shows (in the form's order). */
export function useFieldErrors() {
  const [errors, setErrors] = useState<FieldError[]>([]);
  const of = (id: string) => errors.find((e) => e.href === `#${id}`)?.text;
  return { errors, setErrors, of };
}

/** Adds an error for field `id` when `bad` holds; returns whether it did. */
export function check(errs: FieldError[], bad: boolean, id: string, text: string): boolean {
  if (bad) errs.push({ text, href: `#${id}` });
  return bad;
}

/**
 * The hub's BAD_USER_INPUT errors name the record and field (`extensions.field`, e.g.
 * `input.victimPersonId`): each becomes an error summary entry pointing at the form field mapped
 * to it, or at none.
 */
export function apiErrors(error: CombinedError | undefined, fields: Record<string, string> = {}): Array<{ text: string; href?: string }> {
  if (!error) return [];
  if (error.networkError) return [{ text: `The hub could not be reached: ${error.networkError.message}` }];
  return error.graphQLErrors.map((e) => {
    const field = typeof e.extensions?.field === 'string' ? e.extensions.field : undefined;
    const target = field ? (fields[field] ?? fields[field.replace(/^input\./, '')]) : undefined;
    return { text: e.message, ...(target ? { href: `#${target}` } : {}) };
  });
}

function ErrorMessage({ id, text }: { id: string; text?: string }) {
  if (!text) return null;
  return (
    <p id={`${id}-error`} className="govuk-error-message">
      <span className="govuk-visually-hidden">Error:</span> {text}
    </p>
  );
}

const describedBy = (id: string, hint?: ReactNode, error?: string) =>
  [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;

/** A GOV.UK form group of one control: its label, hint and error message (TextInput, TextArea, Select). */
function LabelledField({ id, label, hint, error, children }: { id: string; label: ReactNode; hint?: ReactNode; error?: string; children: ReactNode }) {
  return (
    <div className={`govuk-form-group${error ? ' govuk-form-group--error' : ''}`}>
      <label className="govuk-label" htmlFor={id}>
        {label}
      </label>
      {hint && (
        <div id={`${id}-hint`} className="govuk-hint">
          {hint}
        </div>
      )}
      <ErrorMessage id={id} text={error} />
      {children}
    </div>
  );
}

export function TextInput({
  id,
  label,
  hint,
  error,
  value,
  onChange,
  type = 'text',
  width,
  autoComplete,
}: {
  id: string;
  label: ReactNode;
  hint?: ReactNode;
  error?: string;
  value: string;
  onChange: (v: string) => void;
  type?: 'text' | 'date' | 'datetime-local' | 'email' | 'tel';
  width?: 5 | 10 | 20 | 30;
  autoComplete?: string;
}) {
  return (
    <LabelledField id={id} label={label} hint={hint} error={error}>
      <input
        className={`govuk-input${width ? ` govuk-input--width-${width}` : ''}${error ? ' govuk-input--error' : ''}`}
        id={id}
        name={id}
        type={type}
        value={value}
        autoComplete={autoComplete ?? 'off'}
        spellCheck={false}
        aria-describedby={describedBy(id, hint, error)}
        onChange={(e) => onChange(e.target.value)}
      />
    </LabelledField>
  );
}

export function TextArea({
  id,
  label,
  hint,
  error,
  value,
  onChange,
  rows = 4,
}: {
  id: string;
  label: ReactNode;
  hint?: ReactNode;
  error?: string;
  value: string;
  onChange: (v: string) => void;
  rows?: number;
}) {
  return (
    <LabelledField id={id} label={label} hint={hint} error={error}>
      <textarea
        className={`govuk-textarea${error ? ' govuk-textarea--error' : ''}`}
        id={id}
        name={id}
        rows={rows}
        value={value}
        aria-describedby={describedBy(id, hint, error)}
        onChange={(e) => onChange(e.target.value)}
      />
    </LabelledField>
  );
}

export function Select({
  id,
  label,
  hint,
  error,
  value,
  onChange,
  options,
  placeholder,
}: {
  id: string;
  label: ReactNode;
  hint?: ReactNode;
  error?: string;
  value: string;
  onChange: (v: string) => void;
  options: Array<[string, string]>;
  placeholder?: string;
}) {
  return (
    <LabelledField id={id} label={label} hint={hint} error={error}>
      <select
        className={`govuk-select${error ? ' govuk-select--error' : ''}`}
        id={id}
        name={id}
        value={value}
        aria-describedby={describedBy(id, hint, error)}
        onChange={(e) => onChange(e.target.value)}
      >
        {placeholder !== undefined && <option value="">{placeholder}</option>}
        {options.map(([v, text]) => (
          <option key={v} value={v}>
            {text}
          </option>
        ))}
      </select>
    </LabelledField>
  );
}

/**
 * Radios or checkboxes in a fieldset. The first option's id is `${id}` (so an error summary link
 * `#${id}` lands on it); the others `${id}-${value}`.
 */
function Choices<T extends string>({
  kind,
  id,
  legend,
  hint,
  error,
  options,
  isChecked,
  onToggle,
  small,
  inline,
}: {
  kind: 'radio' | 'checkbox';
  id: string;
  legend: ReactNode;
  hint?: ReactNode;
  error?: string;
  options: Array<{ value: T; label: ReactNode; hint?: ReactNode }>;
  isChecked: (v: T) => boolean;
  onToggle: (v: T, checked: boolean) => void;
  small?: boolean;
  inline?: boolean;
}) {
  const base = kind === 'radio' ? 'govuk-radios' : 'govuk-checkboxes';
  return (
    <div className={`govuk-form-group${error ? ' govuk-form-group--error' : ''}`}>
      <fieldset className="govuk-fieldset" aria-describedby={describedBy(id, hint, error)}>
        <legend className="govuk-fieldset__legend govuk-fieldset__legend--s">{legend}</legend>
        {hint && (
          <div id={`${id}-hint`} className="govuk-hint">
            {hint}
          </div>
        )}
        <ErrorMessage id={id} text={error} />
        <div className={`${base}${small ? ` ${base}--small` : ''}${inline ? ` ${base}--inline` : ''}`} data-module={base}>
          {options.map((o, i) => {
            const oid = i === 0 ? id : `${id}-${o.value}`;
            return (
              <div className={`${base}__item`} key={o.value}>
                <input
                  className={`${base}__input`}
                  id={oid}
                  name={id}
                  type={kind}
                  value={o.value}
                  checked={isChecked(o.value)}
                  aria-describedby={o.hint ? `${oid}-item-hint` : undefined}
                  onChange={(e) => onToggle(o.value, e.target.checked)}
                />
                <label className={`govuk-label ${base}__label`} htmlFor={oid}>
                  {o.label}
                </label>
                {o.hint && (
                  <div id={`${oid}-item-hint`} className={`govuk-hint ${base}__hint`}>
                    {o.hint}
                  </div>
                )}
              </div>
            );
          })}
        </div>
      </fieldset>
    </div>
  );
}

export function Radios<T extends string>(props: {
  id: string;
  legend: ReactNode;
  hint?: ReactNode;
  error?: string;
  options: Array<{ value: T; label: ReactNode; hint?: ReactNode }>;
  value: T | '';
  onChange: (v: T) => void;
  small?: boolean;
  inline?: boolean;
}) {
  const { value, onChange, ...rest } = props;
  return <Choices kind="radio" {...rest} isChecked={(v) => v === value} onToggle={(v) => onChange(v)} />;
}

export function Checkboxes<T extends string>(props: {
  id: string;
  legend: ReactNode;
  hint?: ReactNode;
  error?: string;
  options: Array<{ value: T; label: ReactNode; hint?: ReactNode }>;
  values: T[];
  onChange: (v: T[]) => void;
  small?: boolean;
}) {
  const { values, onChange, ...rest } = props;
  return (
    <Choices
      kind="checkbox"
      {...rest}
      isChecked={(v) => values.includes(v)}
      onToggle={(v, on) => onChange(on ? [...values.filter((x) => x !== v), v] : values.filter((x) => x !== v))}
    />
  );
}

/** A success banner (GOV.UK notification banner, success variant). */
export function SuccessBanner({ title = 'Success', children, testId }: { title?: string; children: ReactNode; testId?: string }) {
  return (
    <div
      className="govuk-notification-banner govuk-notification-banner--success"
      role="alert"
      aria-labelledby={`${testId ?? 'success'}-title`}
      data-testid={testId}
    >
      <div className="govuk-notification-banner__header">
        <h2 className="govuk-notification-banner__title" id={`${testId ?? 'success'}-title`}>
          {title}
        </h2>
      </div>
      <div className="govuk-notification-banner__content">{children}</div>
    </div>
  );
}

/** A date-time-local value ("2026-03-02T19:30") as an ISO instant in the browser's zone, or null. */
export const localToIso = (v: string) => (v ? new Date(v).toISOString() : null);

/** A file the browser saves, built in memory. */
export function downloadBlob(filename: string, blob: Blob) {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** Base64 (as the API sends a PDF) to bytes. */
export function base64Bytes(b64: string): Uint8Array<ArrayBuffer> {
  const bin = atob(b64);
  const out = new Uint8Array(new ArrayBuffer(bin.length));
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}
