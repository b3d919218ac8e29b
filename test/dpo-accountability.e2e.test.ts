import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO } from '../seeds/demo-data';
import { startTestHub, tokenFor, type TestHub } from './support/hub';

/**
 * Accountability for DPOs, through the gateway with real tokens: who may grant (only the DPO of the
 * agency that supplied the data, to a party of a data sharing agreement in force covering the
 * purpose and category).
 */
const alice = DEMO.people.alice;
const VULNERABILITY = 'Lives alone';

let t: TestHub;
beforeAll(async () => {
  t = await startTestHub({ seed: true });
  // Derbyshire Police holds a record of Alice of its own (a match to Sevenoaks DC's person).
  const spoc = await tokenFor('derbyshire-police', 'spoc');
  const reg = await t.query<any>(`mutation { registerPerson(input: { givenName: "Alice", familyName: "Turner", dateOfBirth: "1958-04-12", postcode: "TN13 1AA" }) { id } }`, {}, { token: spoc });
  expect(reg.data!.registerPerson.id).toBe(alice);
});
afterAll(async () => {
  await t?.stop();
});

const GRANT = `mutation($input: AccessGrantInput!) { recordAccessGrant(input: $input) { id agencyId category validUntil } }`;
const inDays = (d: number) => new Date(Date.now() + d * 86_400_000).toISOString();
const grantInput = (over: Record<string, unknown> = {}) => ({
  agencyId: 'derbyshire-police', personId: alice, categories: ['SPECIAL_CATEGORY'], purpose: 'CASE_REVIEW', basis: 'PUBLIC_TASK',
  reason: 'Cross-border safeguarding referral', agreementRef: 'DSA-KENT-2026', expiresAt: inDays(30), ...over,
});
const readVulnerabilities = async (agency: string) =>
  t.query<any>(`{ person(id: "${alice}") { vulnerabilities records { agency { id } vulnerabilities } } }`, {}, { token: await tokenFor(agency, 'reviewer') });

describe('finding 1: who may grant', () => {
  it('a Derbyshire Police DPO cannot grant itself Alice’s special category data supplied by Sevenoaks DC, and its reviewer still cannot read it', async () => {
    const res = await t.query<any>(GRANT, { input: grantInput() }, { token: await tokenFor('derbyshire-police', 'dpo') });
    expect(res.data?.recordAccessGrant ?? null).toBeNull();
    expect(res.errors![0].extensions!.code).toBe('FORBIDDEN');
    const look = await readVulnerabilities('derbyshire-police');
    expect(JSON.stringify(look)).not.toContain(VULNERABILITY);
  });
});
