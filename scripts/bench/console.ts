import type { Page } from 'playwright-core';
import { signToken } from '../../platform/auth';
import { DEMO, agencies } from '../../seeds/demo-data';
import { ensureConsoleBuilt, firstLoadSizes, launchChromium } from '../lib/browser';
import { addCaseIncidents, benchHub, machine, percentile } from './lib';
import type { Benchmark } from './types';

/**
 * The console's case history page in headless Chromium: a panel reviewer opens the demo review
 * with 200 incidents (three sources, pairs folded) until every timeline entry is on the page.
 * Measured two ways: from a cold page load (sign-in page, then the reviews list, then the review:
 * JavaScript parsed, three GraphQL requests) and from a click on the review in the list (one
 * request). Baseline in the same run: the same GraphQL request sent from Node, without the browser.
 * The hub runs as deployed (NODE_ENV=production, so no development sign-in): the browser's
 * sign-in requests are answered here with a token this process signs, as an identity provider would.
 */
const INCIDENTS = 200;
const RUNS = Number(process.env.BENCH_RUNS ?? 15);
const QUERY_ENTRIES = `query($id: ID!) { caseReview(id: $id) { caseHistory { id } } }`;


export const benchmark: Benchmark = {
  name: 'console',
  description: `the console's case history page with ${INCIDENTS} incidents in headless Chromium (${RUNS} runs each)`,
  async run() {
    ensureConsoleBuilt();
    const h = await benchHub('console');
    const browser = await launchChromium();
    try {
      await addCaseIncidents(h.hub, INCIDENTS, 'BENCH-CON');
      const base = `http://127.0.0.1:${h.hub.gateway.port}`;
      const token = await signToken({ sub: 'bench.reviewer', agency: 'kent-police', roles: ['reviewer'], ttl: '1h' });
      const api = await fetch(`${base}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ query: QUERY_ENTRIES, variables: { id: DEMO.reviews.aliceReview } }) });
      const entries = ((await api.json()) as any).data.caseReview.caseHistory.length as number;

      const context = await browser.newContext({ viewport: { width: 1100, height: 900 } });
      await context.route('**/console/config.json', (r) => r.fulfill({ json: { signIn: 'development', agencies: agencies.map((a) => ({ id: a.id, name: a.name, kind: a.kind })), roles: ['reviewer'] } }));
      await context.route('**/dev/token', (r) => r.fulfill({ json: { token } }));
      const page = await context.newPage();
      // Until the last entry is on the page (the page's CSP forbids evaluating strings, so a locator).
      const rendered = (p: Page) => p.locator('[data-testid=case-history] > li').nth(entries - 1).waitFor({ timeout: 30_000 });

      const cold: number[] = [];
      const click: number[] = [];
      for (let i = 0; i < RUNS + 2; i++) {
        const t0 = performance.now();
        await page.goto(`${base}/`);
        await page.getByLabel('Kent Police', { exact: true }).check();
        await page.getByLabel(/^Case review panel member/).check();
        await page.getByRole('button', { name: 'Sign in' }).click();
        const link = page.getByRole('link', { name: 'SDC-CT-2026-0001' });
        await link.click();
        await rendered(page);
        const t1 = performance.now();
        await page.getByRole('link', { name: 'Case reviews' }).click();
        await link.waitFor();
        const t2 = performance.now();
        await link.click();
        await rendered(page);
        const t3 = performance.now();
        if (i >= 2) {
          cold.push(t1 - t0);
          click.push(t3 - t2);
        }
      }
      const node: number[] = [];
      for (let i = 0; i < RUNS + 2; i++) {
        const t0 = performance.now();
        const r = await fetch(`${base}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ query: QUERY_ENTRIES, variables: { id: DEMO.reviews.aliceReview } }) });
        await r.json();
        if (i >= 2) node.push(performance.now() - t0);
      }
      for (const a of [cold, click, node]) a.sort((x, y) => x - y);
      const size = firstLoadSizes();
      const row = (label: string, times: number[]) => ({ measure: label, 'p50 ms': +percentile(times, 50).toFixed(0), 'p95 ms': +percentile(times, 95).toFixed(0) });
      return {
        rows: [
          row('cold load: sign-in page → reviews → case history rendered', cold),
          row('case history rendered after a click in the reviews list', click),
          row('the case history request alone from Node (baseline; ids only)', node),
        ],
        notes: [
          `${entries} timeline entries rendered; target: interactive within 1,500 ms (cold p95 ${percentile(cold, 95).toFixed(0)} ms)`,
          `first-load JavaScript ${(size.js / 1024).toFixed(1)} KB gzip (target ≤ 250 KB), CSS ${(size.css / 1024).toFixed(1)} KB gzip: ${size.files.join(', ')}`,
          `machine: ${machine()}`,
        ],
      };
    } finally {
      await browser.close();
      await h.stop();
    }
  },
};
