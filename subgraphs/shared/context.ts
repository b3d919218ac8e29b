import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Caller } from '../../platform/auth';
import { AccessDecider, type PolicyDecisionPoint } from './access';
import { Purpose } from './enums';
import { LoaderRegistry } from './loaders';

/** What every resolver and rule of a subgraph receives for one request. */
export interface HubContext {
  requestId: string;
  subgraph: string;
  caller: Caller;
  /** A fork of the subgraph's EntityManager, for this request only. */
  em: EntityManager;
  loaders: LoaderRegistry;
  access: AccessDecider;
  /** The client's operation ("query Name"), as the gateway forwards it, for the audit log. */
  clientOperation?: string;
  /** Where the other subgraphs are, for service-to-service calls. */
  peers: (name: 'incidents' | 'consent' | 'triggers' | 'reviews') => string;
}

export interface ContextDeps {
  subgraph: string;
  em: EntityManager;
  pdp?: PolicyDecisionPoint;
  peers?: HubContext['peers'];
  /** Benchmarks only: the access layer bypassed (schema without rules, every decision allowed). */
  bypassAccess?: boolean;
}

const PURPOSES = new Set<string>(Object.values(Purpose));

export function createContext(deps: ContextDeps, caller: Caller, requestId?: string, purposeHeader?: string, clientOperation?: string): HubContext {
  requestId ||= randomUUID();
  // The purpose of processing: the x-purpose header when it names one, else a case review.
  const purpose = purposeHeader && PURPOSES.has(purposeHeader) ? (purposeHeader as Purpose) : Purpose.CASE_REVIEW;
  return {
    requestId,
    clientOperation: clientOperation?.slice(0, 200) || undefined,
    subgraph: deps.subgraph,
    caller,
    em: deps.em.fork({ clear: true, useContext: false }) as EntityManager,
    loaders: new LoaderRegistry(),
    access: new AccessDecider(caller, { requestId, subgraph: deps.subgraph, purpose }, deps.pdp, deps.bypassAccess),
    peers:
      deps.peers ??
      ((name) => {
        throw new Error(`no peer URL known for ${name}`);
      }),
  };
}
