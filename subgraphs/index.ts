import { consentSubgraph } from './consent/service';
import { incidentsSubgraph } from './incidents/service';
import { reviewsSubgraph } from './reviews/service';
import type { SubgraphDefinition } from './shared/server';
import type { SubgraphName } from '../platform/services';
import { triggersSubgraph } from './triggers/service';

/** Every subgraph of the hub, in start order. */
export const subgraphs: Record<SubgraphName, SubgraphDefinition> = {
  consent: consentSubgraph,
  incidents: incidentsSubgraph,
  triggers: triggersSubgraph,
  reviews: reviewsSubgraph,
};
