import { registerEnumType } from 'type-graphql';

/**
 * Enums shared by several subgraphs. Federation requires a shared enum to be identical wherever it
 * appears, so each is defined once, here (docs/api.md, "Enums").
 */
export enum IncidentSource { POLICE = 'POLICE', HOUSING = 'HOUSING', WARDEN = 'WARDEN' }
export enum AsbCategory { PERSONAL = 'PERSONAL', NUISANCE = 'NUISANCE', ENVIRONMENTAL = 'ENVIRONMENTAL' }
export enum DataCategory { IDENTITY = 'IDENTITY', CONTACT = 'CONTACT', SPECIAL_CATEGORY = 'SPECIAL_CATEGORY', INCIDENT_DETAIL = 'INCIDENT_DETAIL' }
export enum Purpose { CASE_REVIEW = 'CASE_REVIEW', CASE_MANAGEMENT = 'CASE_MANAGEMENT' }
export enum ApplicationChannel { ONLINE = 'ONLINE', PHONE = 'PHONE', WRITING = 'WRITING' }
export enum ApplicantType { VICTIM = 'VICTIM', REPRESENTATIVE = 'REPRESENTATIVE', AGENCY = 'AGENCY' }
export enum TriggerDecision { THRESHOLD_MET = 'THRESHOLD_MET', THRESHOLD_NOT_MET = 'THRESHOLD_NOT_MET', MET_ALL_ACTION_TAKEN = 'MET_ALL_ACTION_TAKEN' }
/** A consent's status (consent subgraph's Consent.status; triggers' TriggerApplication.consentStatus). */
/** How the hub's people reach a victim: a letter (post), an email, a phone call. */
export enum ContactChannel { LETTER = 'LETTER', EMAIL = 'EMAIL', PHONE = 'PHONE' }
export enum ConsentStatus { ACTIVE = 'ACTIVE', WITHDRAWN = 'WITHDRAWN', EXPIRED = 'EXPIRED', SUPERSEDED = 'SUPERSEDED' }

registerEnumType(IncidentSource, { name: 'IncidentSource', description: 'The kind of system an incident came from' });
registerEnumType(AsbCategory, { name: 'AsbCategory', description: 'National Standard for Incident Recording ASB category' });
registerEnumType(DataCategory, { name: 'DataCategory', description: 'Categories of personal data, each guarded separately' });
registerEnumType(Purpose, { name: 'Purpose', description: 'Why personal data is processed' });
registerEnumType(ApplicationChannel, { name: 'ApplicationChannel' });
registerEnumType(ApplicantType, { name: 'ApplicantType' });
registerEnumType(TriggerDecision, { name: 'TriggerDecision' });
registerEnumType(ContactChannel, { name: 'ContactChannel', description: 'LETTER by post, EMAIL (the same letter), PHONE a recorded call' });
registerEnumType(ConsentStatus, { name: 'ConsentStatus' });
