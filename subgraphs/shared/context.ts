import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Caller } from './auth';
import { AccessDecider, type DecisionRecorder, type PolicyDecisionPoint } from './access';
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
}

export interface ContextDeps {
  subgraph: string;
  em: EntityManager;
  pdp?: PolicyDecisionPoint;
  recorder?: DecisionRecorder;
}

export function createContext(deps: ContextDeps, caller: Caller, requestId?: string): HubContext {
  return {
    requestId: requestId || randomUUID(),
    subgraph: deps.subgraph,
    caller,
    em: deps.em.fork({ clear: true, useContext: false }) as EntityManager,
    loaders: new LoaderRegistry(),
    access: new AccessDecider(caller, deps.pdp, deps.recorder),
  };
}
