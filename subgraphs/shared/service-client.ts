import { signServiceToken } from './auth';
import { hubError } from './errors';

/**
 * Calls another subgraph's service-only (`@inaccessible`) fields with the service credential.
 * The token is cached for a few minutes; any GraphQL error is raised as an error here, so callers
 * fail closed.
 */
const tokens = new Map<string, { token: string; until: number }>();

async function serviceToken(service: string): Promise<string> {
  const cached = tokens.get(service);
  if (cached && cached.until > Date.now()) return cached.token;
  const token = await signServiceToken(service);
  tokens.set(service, { token, until: Date.now() + 4 * 60_000 });
  return token;
}

export async function callService<T>(from: string, url: string, query: string, variables: Record<string, unknown>, requestId?: string): Promise<T> {
  const res = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      authorization: `Bearer ${await serviceToken(from)}`,
      ...(requestId ? { 'x-request-id': requestId } : {}),
    },
    body: JSON.stringify({ query, variables }),
    signal: AbortSignal.timeout(10_000),
  });
  const body = (await res.json().catch(() => ({}))) as { data?: T; errors?: Array<{ message: string; extensions?: Record<string, unknown> }> };
  if (body.errors?.length || !body.data) {
    const first = body.errors?.[0];
    const code = (first?.extensions?.code as string) ?? 'INTERNAL_SERVER_ERROR';
    throw hubError(code as never, first?.message ?? `service call to ${url} failed (${res.status})`, first?.extensions ?? {});
  }
  return body.data;
}
