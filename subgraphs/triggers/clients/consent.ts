import type { HubContext } from '../../shared/context';
import { logger } from '../../shared/logger';

/**
 * Agency names for letters ("reported to Kent Police"), from the consent subgraph, which owns
 * Agency. Asked with the caller's own token (a SPOC may list agencies), once per request. Letters
 * fall back to agency ids if the consent subgraph cannot answer: a letter is never held up by it.
 */
export async function agencyNames(ctx: HubContext): Promise<Map<string, string>> {
  const loader = ctx.loaders.get<string, Map<string, string>>('consent.agencyNames', async (keys) => {
    let names = new Map<string, string>();
    try {
      const res = await fetch(ctx.peers('consent'), {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${ctx.caller.token}`, 'x-request-id': ctx.requestId },
        body: JSON.stringify({ query: '{ agencies { id name } }' }),
      });
      const body = (await res.json()) as { data?: { agencies?: Array<{ id: string; name: string | null }> } };
      names = new Map((body.data?.agencies ?? []).filter((a) => a.name).map((a) => [a.id, a.name!]));
    } catch (err) {
      logger.warn({ err: String(err), requestId: ctx.requestId }, 'agency names unavailable; letters use agency ids');
    }
    return keys.map(() => names);
  });
  return loader.load('all');
}
