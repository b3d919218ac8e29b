import { Client, cacheExchange, fetchExchange, CombinedError } from 'urql';
import { currentSession } from './auth';

/**
 * The console's one GraphQL client: the public API at /graphql with the signed-in person's own
 * token, so the console can never see more than the API allows that person.
 */
export function makeClient(): Client {
  return new Client({
    url: '/graphql',
    exchanges: [cacheExchange, fetchExchange],
    requestPolicy: 'cache-and-network',
    // POST with a JSON body: Apollo's CSRF prevention refuses simple GETs, and ids stay out of URLs.
    preferGetMethod: false,
    fetchOptions: (): RequestInit => {
      const token = currentSession()?.token;
      const headers: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
      return { headers };
    },
  });
}

type Path = ReadonlyArray<string | number>;
const samePrefix = (prefix: Path, path: Path | undefined) => !!path && prefix.length <= path.length && prefix.every((p, i) => path[i] === p);

/**
 * The data category withheld at this path (a FORBIDDEN error with `extensions.category`), or
 * null: personal fields the reader may not see arrive as null with such an error beside them.
 */
export function withheldAt(error: CombinedError | undefined, path: Path): string | null {
  for (const e of error?.graphQLErrors ?? []) {
    if (e.extensions?.code === 'FORBIDDEN' && samePrefix(path, e.path) && e.path!.length === path.length) {
      return String(e.extensions.category ?? 'FORBIDDEN');
    }
  }
  return null;
}

/** Errors other than withheld personal data: those the page must show as a problem. */
export function problems(error: CombinedError | undefined): string[] {
  if (!error) return [];
  if (error.networkError) return [`The hub could not be reached: ${error.networkError.message}`];
  return error.graphQLErrors.filter((e) => !(e.extensions?.code === 'FORBIDDEN' && e.extensions?.category)).map((e) => e.message);
}
