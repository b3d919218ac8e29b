import type { Role } from '../../shared/auth';
import { entitiesByType, hasRole, isService, leaf } from '../../shared/rules';

/** Who may read what in the triggers subgraph; every field has its rule (deny by default). */
const APPLICATION_READERS: Role[] = ['spoc', 'reviewer', 'dpo', 'admin'];
const readsApplications = hasRole(...APPLICATION_READERS);

export const permissions = {
  Query: {
    triggerApplication: readsApplications,
    _applicationParties: isService,
    _entities: entitiesByType({ Person: APPLICATION_READERS, TriggerApplication: APPLICATION_READERS }),
  },
  TriggerApplication: { '*': leaf, authority: readsApplications, applicant: readsApplications, victim: readsApplications },
  ApplicationParties: { '*': leaf },
  Person: { id: leaf, triggerApplications: readsApplications },
  Agency: { id: leaf },
};
