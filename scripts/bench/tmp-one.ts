import './production-env';
import { signToken } from '../../subgraphs/shared/auth';
import { DEMO } from '../../seeds/demo-data';
import { benchHub, addCaseIncidents } from './lib';
const QUERY = `query CaseHistory($id: ID!) { caseReview(id: $id) { id status panel { id } application { id reference applicant {
  id givenName familyName email postcode
  incidents { id source category occurredAt description location actions { at action } agency { id } } } } } }`;
async function main() {
  const rules = process.env.RULES === '1';
  const h = await benchHub('tmp_one_' + (rules ? 'on' : 'off'), { rules });
  await addCaseIncidents(h.hub, 200, 'T');
  const token = await signToken({ sub: 'bench.reviewer', agency: 'kent-mental-health', roles: ['reviewer'] });
  const body = JSON.stringify({ query: QUERY, variables: { id: DEMO.reviews.aliceReview } });
  const go = () => fetch(h.url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body }).then((r) => r.json());
  for (let i = 0; i < 30; i++) await go();
  const { Session } = await import('node:inspector/promises');
  const s = new Session(); s.connect();
  await s.post('Profiler.enable'); await s.post('Profiler.setSamplingInterval', { interval: 200 }); if (!process.env.NOPROF) await s.post('Profiler.start');
  const c0 = process.cpuUsage(); const t0 = performance.now();
  for (let i = 0; i < (+process.env.N! || 200); i++) { const j: any = await go(); if (i === 0) console.log('len', JSON.stringify(j).length, JSON.stringify(j.errors ?? null).slice(0, 300)); }
  const c1 = process.cpuUsage(c0);
  console.log(rules ? 'on' : 'off', 'wall/req', ((performance.now() - t0) / (+process.env.N! || 200)).toFixed(2), 'cpu/req', ((c1.user + c1.system) / 1000 / (+process.env.N! || 200)).toFixed(2));
  const { profile } = process.env.NOPROF ? { profile: {} } : await s.post('Profiler.stop');
  (await import('node:fs')).writeFileSync(`/tmp/prof-${rules ? 'on' : 'off'}.cpuprofile`, JSON.stringify(profile));
  await h.stop();
  process.exit(0);
}
void main();
