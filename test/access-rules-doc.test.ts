import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderAccessRules } from '../subgraphs/access-rules';
import { startTestHub, tokenFor, type TestHub } from './support/hub';

/** docs/access-rules.md is what the code enforces now, and DPOs read the same text through the API. */
let t: TestHub;
beforeAll(async () => {
  t = await startTestHub({ seed: true });
});
afterAll(async () => {
  await t?.stop();
});

describe('docs/access-rules.md', () => {
  it('is current: generated from the declarations, the catalogue and the policy', async () => {
    const committed = fs.readFileSync(path.join(__dirname, '..', 'docs', 'access-rules.md'), 'utf8');
    expect(committed, 'docs/access-rules.md is stale: run npm run schema').toBe(await renderAccessRules());
  });

  it('names every personal field with its category, and every operation with its roles', async () => {
    const doc = await renderAccessRules();
    expect(doc).toMatch(/\| `Person\.vulnerabilities` \| personal: SPECIAL_CATEGORY \|/);
    expect(doc).toMatch(/\| `PersonRecord\.phone` \| personal: CONTACT \|/);
    expect(doc).toMatch(/\| `TriggerApplication\.agreedActions` \| personal: INCIDENT_DETAIL \|/);
    expect(doc).toMatch(/\| `Incident\.occurredAt` \| personal: INCIDENT_DETAIL \|/);
    expect(doc).toMatch(/\| `Mutation\.withdrawConsent` \| spoc \| own-authority \|/);
    expect(doc).not.toMatch(/\| `\w+\.\*`/);
  });

  it('is served to DPOs by accessRulesDocument, and to nobody else', async () => {
    const served = await t.query<any>('{ accessRulesDocument }', {}, { token: await tokenFor('sevenoaks-dc', 'dpo') });
    expect(served.errors).toBeUndefined();
    expect(served.data!.accessRulesDocument).toBe(await renderAccessRules());
    const refused = await t.query<any>('{ accessRulesDocument }', {}, { token: await tokenFor('sevenoaks-dc', 'spoc') });
    expect(refused.errors![0].extensions!.code).toBe('FORBIDDEN');
  });
});
