import type { Role } from './auth';

/**
 * The shape of the operation catalogue (platform/catalogue.ts): for every query and mutation of
 * every subgraph, who may call it (roles) and on what (scope), in one place, enforced by the
 * generated permission layer (roles) and the shared scope checks the resolvers call (scope.ts).
 */
export const ANY_USER = 'any-user' as const;

export type Scope =
  /** Nothing beyond the role: the answer itself is filtered by the field declarations. */
  | 'any'
  /** The caller's own agency's records (e.g. a contributor's submissions). */
  | 'own-agency'
  /** Applications and reviews of the authority the caller's agency is (a SPOC's own council). */
  | 'own-authority'
  /** A member agency of the review panel, or the convening authority. */
  | 'panel-member'
  /** The agency that supplied the data (its DPO grants access to it). */
  | 'supplying-controller'
  /** Another subgraph of the hub. */
  | 'service';

export interface OperationRule {
  /** `public`: anyone, without a token (published figures only); `user`: any signed-in user. */
  roles: Role[] | 'service' | 'user' | 'public';
  scope: Scope;
  /** What it does, for docs/access-rules.md. */
  description: string;
}

export interface SubgraphCatalogue {
  operations: Record<string, OperationRule>;
  /** Types other subgraphs may resolve by reference (`_entities`), and for which roles. */
  entities: Record<string, Role[] | typeof ANY_USER>;
}

/** The root Query fields the catalogue opens to callers without a token. */
export function publicQueryFields(...catalogues: SubgraphCatalogue[]): Set<string> {
  const out = new Set<string>();
  for (const c of catalogues) for (const [key, op] of Object.entries(c.operations)) if (op.roles === 'public' && key.startsWith('Query.')) out.add(key.slice('Query.'.length));
  return out;
}
