import fs from 'node:fs';
import path from 'node:path';
import type { FieldError } from './form';
import type { Strings } from './strings';

/**
 * GOV.UK Design System markup for the public pages, rendered on the server (they work without
 * JavaScript). The stylesheet is the console's build (govuk-frontend with its fonts and images,
 * bundled by Vite into dist/console/assets): nothing comes from anywhere but the hub.
 */
const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export const esc = (v: unknown): string => String(v ?? '').replace(/[&<>"']/g, (ch) => ESCAPES[ch]);

let cached: { mtime: number; links: string[] } | null = null;
/** The console build's stylesheets (hashed names read from its index.html). */
export function stylesheets(consoleDir: string): string[] {
  const index = path.join(consoleDir, 'index.html');
  try {
    const mtime = fs.statSync(index).mtimeMs;
    if (cached?.mtime === mtime) return cached.links;
    const html = fs.readFileSync(index, 'utf8');
    const links = [...html.matchAll(/<link[^>]+rel="stylesheet"[^>]*href="(\/assets\/[^"]+\.css)"/g), ...html.matchAll(/<link[^>]+href="(\/assets\/[^"]+\.css)"[^>]*rel="stylesheet"/g)].map((m) => m[1]);
    cached = { mtime, links: [...new Set(links)] };
    return cached.links;
  } catch {
    return [];
  }
}

export interface PageOptions {
  s: Strings;
  title: string;
  main: string;
  errors?: FieldError[];
  css: string[];
  /** The other language's version of this page: a link (GET pages) or a button posting the form. */
  langSwitch?: { href: string } | { form: string; action: string };
  /** Before the main content (the back button). */
  beforeMain?: string;
}

export function page(o: PageOptions): string {
  const { s } = o;
  const title = `${o.errors?.length ? s.errorTitlePrefix : ''}${o.title} – ${s.serviceName} – GOV.UK`;
  const toggle = !o.langSwitch
    ? ''
    : 'href' in o.langSwitch
      ? `<a class="govuk-link" href="${esc(o.langSwitch.href)}" lang="${s.otherLang}" hreflang="${s.otherLang}"><span class="govuk-visually-hidden">${esc(s.otherLangLabel)}: </span>${esc(s.otherLangName)}</a>`
      : `<button type="submit" class="govuk-link app-link-button" form="${esc(o.langSwitch.form)}" formaction="${esc(o.langSwitch.action)}" formnovalidate name="switchLang" value="${s.otherLang}" lang="${s.otherLang}"><span class="govuk-visually-hidden">${esc(s.otherLangLabel)}: </span>${esc(s.otherLangName)}</button>`;
  return `<!DOCTYPE html>
<html lang="${s.htmlLang}" class="govuk-template">
<head>
<meta charset="utf-8">
<title>${esc(title)}</title>
<meta name="viewport" content="width=device-width, initial-scale=1, viewport-fit=cover">
<meta name="robots" content="noindex">
${o.css.map((href) => `<link rel="stylesheet" href="${esc(href)}">`).join('\n')}
</head>
<body class="govuk-template__body">
<a href="#main-content" class="govuk-skip-link">${s.htmlLang === 'cy' ? 'Neidio i’r prif gynnwys' : 'Skip to main content'}</a>
<header class="govuk-header" role="banner">
  <div class="govuk-header__container govuk-width-container">
    <div class="govuk-header__content"><span class="govuk-header__service-name">${esc(s.serviceName)}</span></div>
  </div>
</header>
<div class="govuk-width-container">
  <nav class="govuk-!-margin-top-3" aria-label="${s.htmlLang === 'cy' ? 'Iaith' : 'Language'}"><p class="govuk-body-s govuk-!-text-align-right">${toggle}</p></nav>
  ${o.beforeMain ?? ''}
  <main class="govuk-main-wrapper" id="main-content">
    <div class="govuk-grid-row"><div class="govuk-grid-column-two-thirds">
${o.errors?.length ? errorSummary(s, o.errors) : ''}
${o.main}
    </div></div>
  </main>
</div>
<footer class="govuk-footer"><div class="govuk-width-container"><p class="govuk-footer__meta">ASB Partnership Hub</p></div></footer>
</body>
</html>`;
}

/** Focused on load (autofocus) so a screen reader hears it first, as GOV.UK's script would do. */
export function errorSummary(s: Strings, errors: FieldError[]): string {
  return `<div class="govuk-error-summary" data-module="govuk-error-summary" tabindex="-1" autofocus>
  <div role="alert">
    <h2 class="govuk-error-summary__title">${esc(s.errorSummary)}</h2>
    <div class="govuk-error-summary__body"><ul class="govuk-list govuk-error-summary__list">
      ${errors.map((e) => `<li><a href="#${esc(e.field)}">${esc(e.message)}</a></li>`).join('')}
    </ul></div>
  </div>
</div>`;
}

const errorOf = (errors: FieldError[] | undefined, field: string) => errors?.find((e) => e.field === field);
const errorMessage = (s: Strings, id: string, e?: FieldError) =>
  e ? `<p id="${esc(id)}-error" class="govuk-error-message"><span class="govuk-visually-hidden">${esc(s.errorTitlePrefix)}</span>${esc(e.message)}</p>` : '';

export interface InputOpts {
  name: string;
  label: string;
  value?: string;
  hint?: string;
  type?: string;
  autocomplete?: string;
  width?: string;
  heading?: boolean;
  spellcheck?: boolean;
}

export function input(s: Strings, o: InputOpts, errors?: FieldError[]): string {
  const e = errorOf(errors, o.name);
  const described = [o.hint ? `${o.name}-hint` : '', e ? `${o.name}-error` : ''].filter(Boolean).join(' ');
  const label = `<label class="govuk-label${o.heading ? ' govuk-label--l' : ''}" for="${esc(o.name)}">${esc(o.label)}</label>`;
  return `<div class="govuk-form-group${e ? ' govuk-form-group--error' : ''}">
  ${o.heading ? `<h1 class="govuk-label-wrapper">${label}</h1>` : label}
  ${o.hint ? `<div id="${esc(o.name)}-hint" class="govuk-hint">${esc(o.hint)}</div>` : ''}
  ${errorMessage(s, o.name, e)}
  <input class="govuk-input${o.width ? ` govuk-input--width-${o.width}` : ''}${e ? ' govuk-input--error' : ''}" id="${esc(o.name)}" name="${esc(o.name)}" type="${o.type ?? 'text'}" value="${esc(o.value)}"${described ? ` aria-describedby="${described}"` : ''}${o.autocomplete ? ` autocomplete="${o.autocomplete}"` : ''}${o.spellcheck === false ? ' spellcheck="false"' : ''}>
</div>`;
}

export function textarea(s: Strings, o: InputOpts & { rows?: number }, errors?: FieldError[]): string {
  const e = errorOf(errors, o.name);
  const described = [o.hint ? `${o.name}-hint` : '', e ? `${o.name}-error` : ''].filter(Boolean).join(' ');
  const label = `<label class="govuk-label${o.heading ? ' govuk-label--l' : ''}" for="${esc(o.name)}">${esc(o.label)}</label>`;
  return `<div class="govuk-form-group${e ? ' govuk-form-group--error' : ''}">
  ${o.heading ? `<h1 class="govuk-label-wrapper">${label}</h1>` : label}
  ${o.hint ? `<div id="${esc(o.name)}-hint" class="govuk-hint">${esc(o.hint)}</div>` : ''}
  ${errorMessage(s, o.name, e)}
  <textarea class="govuk-textarea${e ? ' govuk-textarea--error' : ''}" id="${esc(o.name)}" name="${esc(o.name)}" rows="${o.rows ?? 5}"${described ? ` aria-describedby="${described}"` : ''}>${esc(o.value)}</textarea>
</div>`;
}

export function radios(
  s: Strings,
  o: { name: string; legend: string; heading?: boolean; hint?: string; value?: string; items: Array<{ value: string; label: string; hint?: string }> },
  errors?: FieldError[],
): string {
  const e = errorOf(errors, o.name);
  const described = [o.hint ? `${o.name}-hint` : '', e ? `${o.name}-error` : ''].filter(Boolean).join(' ');
  return `<div class="govuk-form-group${e ? ' govuk-form-group--error' : ''}">
<fieldset class="govuk-fieldset"${described ? ` aria-describedby="${described}"` : ''}>
  <legend class="govuk-fieldset__legend ${o.heading ? 'govuk-fieldset__legend--l' : 'govuk-fieldset__legend--m'}">${o.heading ? `<h1 class="govuk-fieldset__heading">${esc(o.legend)}</h1>` : esc(o.legend)}</legend>
  ${o.hint ? `<div id="${esc(o.name)}-hint" class="govuk-hint">${esc(o.hint)}</div>` : ''}
  ${errorMessage(s, o.name, e)}
  <div class="govuk-radios" data-module="govuk-radios">
  ${o.items
    .map((item, i) => {
      const id = i === 0 ? o.name : `${o.name}-${i + 1}`;
      return `<div class="govuk-radios__item">
    <input class="govuk-radios__input" id="${esc(id)}" name="${esc(o.name)}" type="radio" value="${esc(item.value)}"${o.value === item.value ? ' checked' : ''}${item.hint ? ` aria-describedby="${esc(id)}-item-hint"` : ''}>
    <label class="govuk-label govuk-radios__label" for="${esc(id)}">${esc(item.label)}</label>
    ${item.hint ? `<div id="${esc(id)}-item-hint" class="govuk-hint govuk-radios__hint">${esc(item.hint)}</div>` : ''}
  </div>`;
    })
    .join('\n')}
  </div>
</fieldset>
</div>`;
}

export function checkbox(s: Strings, o: { name: string; label: string; checked: boolean }, errors?: FieldError[]): string {
  const e = errorOf(errors, o.name);
  return `<div class="govuk-form-group${e ? ' govuk-form-group--error' : ''}">
  ${errorMessage(s, o.name, e)}
  <div class="govuk-checkboxes govuk-checkboxes--small" data-module="govuk-checkboxes">
    <div class="govuk-checkboxes__item">
      <input class="govuk-checkboxes__input" id="${esc(o.name)}" name="${esc(o.name)}" type="checkbox" value="yes"${o.checked ? ' checked' : ''}${e ? ` aria-describedby="${esc(o.name)}-error"` : ''}>
      <label class="govuk-label govuk-checkboxes__label" for="${esc(o.name)}">${esc(o.label)}</label>
    </div>
  </div>
</div>`;
}

export function dateInput(s: Strings, o: { prefix: string; legend: string; hint: string; values: Record<string, string> }, errors?: FieldError[]): string {
  const e = errorOf(errors, `${o.prefix}-day`);
  const part = (key: string, label: string, width: number, autocomplete: string) => `<div class="govuk-date-input__item"><div class="govuk-form-group">
    <label class="govuk-label govuk-date-input__label" for="${o.prefix}-${key}">${esc(label)}</label>
    <input class="govuk-input govuk-date-input__input govuk-input--width-${width}${e ? ' govuk-input--error' : ''}" id="${o.prefix}-${key}" name="${o.prefix}-${key}" type="text" inputmode="numeric" autocomplete="${autocomplete}" value="${esc(o.values[`${o.prefix}-${key}`])}">
  </div></div>`;
  return `<div class="govuk-form-group${e ? ' govuk-form-group--error' : ''}">
<fieldset class="govuk-fieldset" role="group" aria-describedby="${o.prefix}-hint${e ? ` ${o.prefix}-day-error` : ''}">
  <legend class="govuk-fieldset__legend govuk-fieldset__legend--s">${esc(o.legend)}</legend>
  <div id="${o.prefix}-hint" class="govuk-hint">${esc(o.hint)}</div>
  ${errorMessage(s, `${o.prefix}-day`, e)}
  <div class="govuk-date-input" id="${o.prefix}">
    ${part('day', s.day, 2, 'bday-day')}${part('month', s.month, 2, 'bday-month')}${part('year', s.year, 4, 'bday-year')}
  </div>
</fieldset>
</div>`;
}

export const button = (label: string, modifier = '') => `<button type="submit" class="govuk-button${modifier ? ` govuk-button--${modifier}` : ''}" data-module="govuk-button">${esc(label)}</button>`;

export function hidden(values: Record<string, string>, except: readonly string[]): string {
  return Object.entries(values)
    .filter(([k]) => !except.includes(k))
    .map(([k, v]) => `<input type="hidden" name="${esc(k)}" value="${esc(v)}">`)
    .join('\n');
}

export function summaryList(rows: Array<{ key: string; value: string; change?: { step: string; hidden: string; label: string; form: string; action: string } }>): string {
  return `<dl class="govuk-summary-list">
${rows
  .map(
    (r) => `<div class="govuk-summary-list__row">
  <dt class="govuk-summary-list__key">${esc(r.key)}</dt>
  <dd class="govuk-summary-list__value">${r.value}</dd>
  ${r.change ? `<dd class="govuk-summary-list__actions"><button type="submit" class="govuk-link app-link-button" form="${esc(r.change.form)}" formaction="${esc(r.change.action)}" formnovalidate name="goto" value="${esc(r.change.step)}">${esc(r.change.label)}<span class="govuk-visually-hidden"> ${esc(r.change.hidden)}</span></button></dd>` : ''}
</div>`,
  )
  .join('\n')}
</dl>`;
}

/** Lines of text as paragraphs of escaped text. */
export const lines = (v: string | undefined) =>
  esc(v ?? '')
    .split('\n')
    .join('<br>');
