import express, { type Router } from 'express';
import { stringify } from 'csv-stringify/sync';
import { logger } from '../subgraphs/shared/logger';
import { requestIdOf } from '../subgraphs/shared/server';

/**
 * The published ASB Case Review (Community Trigger) figures, served by the gateway without sign-in
 * so that a council can link them from its website (2025 guidance): `GET /published/<authority>/<year>.csv`
 * is the `publishedTriggerStatistics` query, asked of the triggers subgraph without a token exactly
 * as any member of the public asks it (the catalogue opens that one query; subgraphs/catalogue.ts),
 * written as CSV. Nothing here changes a figure: the CSV is the query's answer.
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

export function publishedRouter(triggersUrl: () => string | undefined): Router {
  const router = express.Router();
  router.get('/published/:authority/:file', async (req, res) => {
    const { authority, file } = req.params;
    const year = YEAR_FILE.exec(file)?.[1];
    res.setHeader('x-content-type-options', 'nosniff');
    if (!AUTHORITY.test(authority) || !year) {
      res.status(404).type('text/plain').send('Not found: /published/<authority>/<year>.csv\n');
      return;
    }
    const url = triggersUrl();
    const requestId = requestIdOf(req.headers['x-request-id']);
    try {
      if (!url) throw new Error('triggers subgraph unknown');
      const r = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-request-id': requestId },
        body: JSON.stringify({ query: PUBLISHED_QUERY, variables: { authority, year: Number(year) } }),
        signal: AbortSignal.timeout(10_000),
      });
      const json = (await r.json()) as {
        data?: { publishedTriggerStatistics?: PublishedFigures } | null;
        errors?: Array<{ message: string; extensions?: { code?: string } }>;
      };
      const err = json.errors?.[0];
      if (err?.extensions?.code === 'BAD_USER_INPUT') {
        res.status(400).type('text/plain').send(`${err.message}\n`);
        return;
      }
      const figures = json.data?.publishedTriggerStatistics;
      if (!figures) throw new Error(err ? `${err.extensions?.code ?? 'ERROR'}: ${err.message}` : 'no figures');
      res.setHeader('content-disposition', `inline; filename="${authority}-${year}.csv"`);
      res.setHeader('cache-control', 'public, max-age=3600');
      res.type('text/csv; charset=utf-8').send(publishedCsv(Number(year), figures));
    } catch (e) {
      logger.warn({ requestId, err: String(e) }, 'published figures unavailable');
      res.status(503).type('text/plain').send('The figures are unavailable; try again shortly\n');
    }
  });
  return router;
}
