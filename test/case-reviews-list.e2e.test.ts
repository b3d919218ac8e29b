import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO } from '../seeds/demo-data';
import { startTestHub, tokenFor, type TestHub } from './support/hub';

/** `caseReviews`: the reviews of the caller's agency (the reviewer's list in the console). */
let t: TestHub;
beforeAll(async () => {
  t = await startTestHub({ seed: true });
});
afterAll(async () => {
  await t?.stop();
});

const LIST = `{ caseReviews { id status panel { id } } }`;

describe("the reviews of the caller's agency", () => {
  it('lists the review to a panel agency and to the convening authority', async () => {
    for (const agency of ['kent-police', 'sevenoaks-dc']) {
      const res = await t.query(LIST, {}, { token: await tokenFor(agency, agency === 'sevenoaks-dc' ? 'spoc' : 'reviewer') });
      expect(res.errors).toBeUndefined();
      expect((res.data!.caseReviews as Array<{ id: string }>).map((r) => r.id)).toContain(DEMO.reviews.aliceReview);
    }
  });

  it('lists nothing to an agency outside the panel, and refuses an analyst', async () => {
    const outside = await t.query(LIST, {}, { token: await tokenFor('herts-police', 'reviewer') });
    expect(outside.errors).toBeUndefined();
    expect(outside.data!.caseReviews).toEqual([]);
    const analyst = await t.query(LIST, {}, { token: await tokenFor('kent-police', 'analyst') });
    expect(analyst.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });
});
