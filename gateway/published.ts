import express, { type Response, type Router } from 'express';
import { stringify } from 'csv-stringify/sync';
import type { HubConfig } from '../platform/config';
import { logger } from '../platform/logger';
import { requestIdOf } from '../platform/apollo';
import { callService } from '../platform/service-client';
import { contentSecurityPolicy } from './console';
import { esc, page, stylesheets } from './apply/html';
import { STRINGS } from './apply/strings';

/**
 * The published ASB Case Review (Community Trigger) figures, served by the gateway without sign-in
 * so that a council can link them from its website (2025 guidance): `GET /published/<authority>/<year>.csv`
 * is the `publishedTriggerStatistics` query, asked of the triggers subgraph without a token exactly
 * as any member of the public asks it (the catalogue opens that one query; platform/catalogue.ts),
 * written as CSV; `GET /published/<authority>/<year>` is the same figures as a public page (GOV.UK
 * style) linking the CSV. Nothing here changes a figure: both are the query's answer.
 */
export const PUBLISHED_QUERY = `query Published($authority: ID!, $year: Int!) {
  publishedTriggerStatistics(authority: $authority, year: $year) {
    authority { id } from to applicationsReceived thresholdNotMet reviewsCarriedOut reviewsWithRecommendations suppressedFigures disclosureControlled
  }
}`;

export interface PublishedFigures {
  authority: { id: string } | null;
  from: string;
  to: string;
  applicationsReceived: number | null;
  thresholdNotMet: number | null;
  reviewsCarriedOut: number | null;
  reviewsWithRecommendations: number | null;
  suppressedFigures: string[];
  disclosureControlled: boolean;
}

/** The CSV columns, in order: the four statutory figures, blank where suppressed. */
export const PUBLISHED_COLUMNS = [
  'authority',
  'year',
  'from',
  'to',
  'applicationsReceived',
  'thresholdNotMet',
  'reviewsCarriedOut',
  'reviewsWithRecommendations',
  'suppressedFigures',
] as const;

export function publishedCsv(year: number, s: PublishedFigures): string {
  const row = {
    authority: s.authority?.id ?? '',
    year,
    from: s.from,
    to: s.to,
    applicationsReceived: s.applicationsReceived,
    thresholdNotMet: s.thresholdNotMet,
    reviewsCarriedOut: s.reviewsCarriedOut,
    reviewsWithRecommendations: s.reviewsWithRecommendations,
    suppressedFigures: s.suppressedFigures.join(' '),
  };
  return stringify([row], { header: true, columns: [...PUBLISHED_COLUMNS] });
}

const AUTHORITY = /^[\w.-]{1,100}$/;
const YEAR_FILE = /^(\d{4})\.csv$/;

const FIGURE_ROWS: Array<[keyof PublishedFigures, string]> = [
  ['applicationsReceived', 'Applications for an ASB Case Review received'],
  ['thresholdNotMet', 'Applications where the threshold was not met'],
  ['reviewsCarriedOut', 'ASB Case Reviews carried out'],
  ['reviewsWithRecommendations', 'Case reviews that made recommendations'],
];

/** The public page: the four figures, suppressed ones said as such, and the CSV link. */
export function publishedPage(authorityName: string, authority: string, year: number, s: PublishedFigures, css: string[]): string {
  const cell = (k: keyof PublishedFigures) => (s[k] === null ? 'Not published: too few to publish safely' : esc(String(s[k])));
  const rows = FIGURE_ROWS.map(
    ([k, label]) =>
      `<tr class="govuk-table__row"><th scope="row" class="govuk-table__header">${esc(label)}</th><td class="govuk-table__cell govuk-table__cell--numeric">${cell(k)}</td></tr>`,
  ).join('');
  const title = `ASB Case Review (Community Trigger) figures ${year}: ${authorityName}`;
  const main = `<h1 class="govuk-heading-l">${esc(title)}</h1>
<p class="govuk-body">From ${esc(s.from)} to ${esc(s.to)}. Small numbers are not published and every figure is adjusted slightly, so that no one's case can be told from them.</p>
<table class="govuk-table"><caption class="govuk-table__caption govuk-table__caption--m">${esc(authorityName)}, ${year}</caption><tbody class="govuk-table__body">${rows}</tbody></table>
<p class="govuk-body"><a class="govuk-link" href="/published/${esc(authority)}/${year}.csv">Download these figures (CSV)</a></p>`;
  return page({ s: STRINGS.en, title, css, main });
}

export function publishedRouter(
  triggersUrl: () => string | undefined,
  opts: { config?: HubConfig; consentUrl?: () => string | undefined; consoleDir?: string } = {},
): Router {
  const router = express.Router();
  const fetchFigures = async (authority: string, year: number, requestId: string): Promise<{ figures?: PublishedFigures; badInput?: string }> => {
    const url = triggersUrl();
    if (!url) throw new Error('triggers subgraph unknown');
    const r = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-request-id': requestId },
      body: JSON.stringify({ query: PUBLISHED_QUERY, variables: { authority, year } }),
      signal: AbortSignal.timeout(10_000),
    });
    const json = (await r.json()) as {
      data?: { publishedTriggerStatistics?: PublishedFigures } | null;
      errors?: Array<{ message: string; extensions?: { code?: string } }>;
    };
    const err = json.errors?.[0];
    if (err?.extensions?.code === 'BAD_USER_INPUT') return { badInput: err.message };
    const figures = json.data?.publishedTriggerStatistics;
    if (!figures) throw new Error(err ? `${err.extensions?.code ?? 'ERROR'}: ${err.message}` : 'no figures');
    return { figures };
  };
  const unavailable = (res: Response, requestId: string, e: unknown) => {
    logger.warn({ requestId, err: String(e) }, 'published figures unavailable');
    res.status(503).type('text/plain').send('The figures are unavailable; try again shortly\n');
  };

  // The public page (an authority known to the hub only; its name from the consent subgraph).
  router.get('/published/:authority/:year', async (req, res, next) => {
    const { authority, year } = req.params;
    if (!/^\d{4}$/.test(year)) return next();
    res.setHeader('x-content-type-options', 'nosniff');
    if (opts.config) res.setHeader('content-security-policy', contentSecurityPolicy(opts.config));
    const requestId = requestIdOf(req.headers['x-request-id']);
    if (!AUTHORITY.test(authority) || !opts.consentUrl?.()) {
      res.status(404).type('text/plain').send('Not found\n');
      return;
    }
    try {
      const who = await callService<{ _onlineAuthority: { name: string } | null }>(
        'gateway',
        opts.consentUrl()!,
        'query Authority($a: ID!) { _onlineAuthority(authorityId: $a) { name } }',
        { a: authority },
        requestId,
      );
      if (!who._onlineAuthority) {
        res.status(404).type('text/plain').send('No such authority\n');
        return;
      }
      const { figures, badInput } = await fetchFigures(authority, Number(year), requestId);
      if (!figures) {
        res.status(400).type('text/plain').send(`${badInput}\n`);
        return;
      }
      res.setHeader('cache-control', 'public, max-age=3600');
      res.type('html').send(publishedPage(who._onlineAuthority.name, authority, Number(year), figures, opts.consoleDir ? stylesheets(opts.consoleDir) : []));
    } catch (e) {
      unavailable(res, requestId, e);
    }
  });

  router.get('/published/:authority/:file', async (req, res) => {
    const { authority, file } = req.params;
    const year = YEAR_FILE.exec(file)?.[1];
    res.setHeader('x-content-type-options', 'nosniff');
    if (!AUTHORITY.test(authority) || !year) {
      res.status(404).type('text/plain').send('Not found: /published/<authority>/<year>.csv\n');
      return;
    }
    const requestId = requestIdOf(req.headers['x-request-id']);
    try {
      const { figures, badInput } = await fetchFigures(authority, Number(year), requestId);
      if (!figures) {
        res.status(400).type('text/plain').send(`${badInput}\n`);
        return;
      }
      res.setHeader('content-disposition', `inline; filename="${authority}-${year}.csv"`);
      res.setHeader('cache-control', 'public, max-age=3600');
      res.type('text/csv; charset=utf-8').send(publishedCsv(Number(year), figures));
    } catch (e) {
      unavailable(res, requestId, e);
    }
  });
  return router;
}
