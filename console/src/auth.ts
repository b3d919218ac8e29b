import { useSyncExternalStore } from 'react';

/**
 * The signed-in person: the bearer token lives in this module's memory only (never in storage or
 * a cookie), so closing or reloading the tab signs out. In development the gateway's
 * `/dev/token` mints a demo token; in production OpenID Connect (authorization code with PKCE,
 * oidc-client-ts) signs in against the issuer the gateway names.
 */
export interface Session {
  token: string;
  sub: string;
  agency: string;
  roles: string[];
}

export type ConsoleConfig =
  | { signIn: 'development'; agencies: Array<{ id: string; name: string; kind: string }>; roles: string[] }
  | { signIn: 'oidc'; oidc: { authority: string; clientId: string; scope: string } }
  | { signIn: 'none' };

let session: Session | null = null;
const listeners = new Set<() => void>();
const emit = () => listeners.forEach((l) => l());

export function currentSession(): Session | null {
  return session;
}

export function useSession(): Session | null {
  return useSyncExternalStore(
    (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    () => session,
  );
}

/** Reads the claims the hub uses from a JWT (already verified by the gateway on every request). */
export function sessionFromToken(token: string): Session {
  const part = token.split('.')[1] ?? '';
  const json = atob(part.replace(/-/g, '+').replace(/_/g, '/').padEnd(Math.ceil(part.length / 4) * 4, '='));
  const claims = JSON.parse(json) as { sub?: string; agency?: string; roles?: string[] };
  return { token, sub: claims.sub ?? '', agency: claims.agency ?? '', roles: claims.roles ?? [] };
}

export function setSession(next: Session | null) {
  session = next;
  emit();
}

let configPromise: Promise<ConsoleConfig> | null = null;
export function loadConfig(): Promise<ConsoleConfig> {
  configPromise ??= fetch('/console/config.json').then((r) => r.json() as Promise<ConsoleConfig>);
  return configPromise;
}

export async function devSignIn(agency: string, role: string): Promise<Session> {
  const res = await fetch('/dev/token', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ agency, role }) });
  if (!res.ok) throw new Error(((await res.json()) as { error?: string }).error ?? `sign-in failed (${res.status})`);
  const { token } = (await res.json()) as { token: string };
  const s = sessionFromToken(token);
  setSession(s);
  return s;
}

/** OpenID Connect, loaded only when configured (it is not part of the first load). */
async function oidcManager() {
  const config = await loadConfig();
  if (config.signIn !== 'oidc') throw new Error('OpenID Connect is not configured');
  const { UserManager, InMemoryWebStorage, WebStorageStateStore } = await import('oidc-client-ts');
  // The PKCE verifier must survive the redirect to the issuer and back, so it goes in sessionStorage;
  // the tokens themselves stay in memory.
  return new UserManager({
    authority: config.oidc.authority,
    client_id: config.oidc.clientId,
    scope: config.oidc.scope,
    redirect_uri: `${location.origin}/signed-in`,
    post_logout_redirect_uri: `${location.origin}/`,
    response_type: 'code',
    stateStore: new WebStorageStateStore({ store: sessionStorage }),
    userStore: new WebStorageStateStore({ store: new InMemoryWebStorage() }),
  });
}

export async function oidcSignIn() {
  await (await oidcManager()).signinRedirect();
}

export async function oidcCallback(): Promise<Session> {
  const user = await (await oidcManager()).signinRedirectCallback();
  const s = sessionFromToken(user.access_token);
  setSession(s);
  return s;
}

export function signOut() {
  setSession(null);
}
