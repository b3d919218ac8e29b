import { registerEnumType } from 'type-graphql';

export enum ApplicationStatus {
  RECEIVED = 'RECEIVED',
  ACKNOWLEDGED = 'ACKNOWLEDGED',
  NOT_PURSUED = 'NOT_PURSUED',
  DECIDED = 'DECIDED',
  IN_REVIEW = 'IN_REVIEW',
  OUTCOME_SENT = 'OUTCOME_SENT',
  ACTION_PLAN = 'ACTION_PLAN',
  FINAL_REVIEW = 'FINAL_REVIEW',
  CLOSED = 'CLOSED',
  APPEALED = 'APPEALED',
}
registerEnumType(ApplicationStatus, { name: 'ApplicationStatus', description: 'Where an application stands in the Community Trigger process' });
