import { signServiceToken } from './auth';
import { hubError, unavailable } from './errors';

/**
 * Calls another subgraph's service-only (`@inaccessible`) fields with the service credential.
 * The token is cached for a few minutes; any GraphQL error is raised as an error here, so callers
 * fail closed. A peer that cannot be reached, does not answer in time or answers without a GraphQL
 * body is SERVICE_UNAVAILABLE naming it (`nameService` below), so the caller's own answer says
 * which service failed rather than INTERNAL_SERVER_ERROR.
 */
const names = new Map<string, string>();

/** Records which service a peer URL belongs to (server.ts `peerUrls`), for SERVICE_UNAVAILABLE errors. */
export function nameService(url: string, name: string) {
  if (names.get(url) !== name) names.set(url, name);
}

export const serviceOf = (url: string) => names.get(url) ?? new URL(url).host;

const tokens = new Map<string, { token: string; until: number }>();

export async function serviceToken(service: string): Promise<string> {
  const cached = tokens.get(service);
  if (cached && cached.until > Date.now()) return cached.token;
  const token = await signServiceToken(service);
  tokens.set(service, { token, until: Date.now() + 4 * 60_000 });
  return token;
}

export async function callService<T>(from: string, url: string, query: string, variables: Record<string, unknown>, requestId?: string): Promise<T> {
  const token = await serviceToken(from);
  let res: Response;
  let body: { data?: T; errors?: Array<{ message: string; extensions?: Record<string, unknown> }> };
  try {
    res = await fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${token}`,
        ...(requestId ? { 'x-request-id': requestId } : {}),
      },
      body: JSON.stringify({ query, variables }),
      signal: AbortSignal.timeout(10_000),
    });
    body = (await res.json()) as typeof body;
  } catch {
    // Refused, reset, timed out, or a body that is not JSON: the peer did not answer.
    throw unavailable(serviceOf(url));
  }
  if (body.errors?.length || !body.data) {
    const first = body.errors?.[0];
    const code = (first?.extensions?.code as string) ?? 'INTERNAL_SERVER_ERROR';
    throw hubError(code as never, first?.message ?? `service call to ${url} failed (${res.status})`, first?.extensions ?? {});
  }
  return body.data;
}
