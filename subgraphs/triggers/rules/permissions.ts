import { hasRole, isService, isUser } from '../../shared/rules';

/** Who may read what in the triggers subgraph; every field listed, deny by default. */
const readsApplications = hasRole('spoc', 'reviewer', 'dpo', 'admin');

export const permissions = {
  Query: { triggerApplication: readsApplications, _applicationParties: isService },
  ApplicationParties: { '*': isService },
  TriggerApplication: { '*': readsApplications },
  Person: { id: isUser, triggerApplications: readsApplications },
  Agency: { id: isUser },
};
