import { Field, Float, InputType, Int, ObjectType } from 'type-graphql';
import { AsbCategory } from '../../shared/enums';
import { NotPersonal } from '../../shared/declarations';

/**
 * The record a contributing system submits (`submitIncidents`). Common fields first; what only one
 * kind of source records goes in that source's own part (`police`, `housing` or `warden`), which is
 * required for that source and refused for the others. ingest/records.ts validates it. Times and
 * dates are strings here on purpose: a malformed one must reject its own record, not the batch.
 */
@InputType({ description: 'Where an incident happened' })
export class IncidentLocationInput {
  @Field(() => String, { nullable: true, description: 'Street address or location description' }) address?: string | null;
  @Field(() => String, { nullable: true, description: 'Unique Property Reference Number' }) uprn?: string | null;
  @Field(() => Float, { nullable: true }) latitude?: number | null;
  @Field(() => Float, { nullable: true }) longitude?: number | null;
  @Field(() => String, { nullable: true, description: 'Lower Super Output Area code, e.g. E01024503' }) lsoaCode?: string | null;
}

@InputType({ description: "A reporter or other person involved, as the agency's system holds them" })
export class ReportedPersonInput {
  @Field(() => String, { nullable: true }) givenName?: string | null;
  @Field(() => String, { nullable: true }) familyName?: string | null;
  @Field(() => String, { nullable: true, description: 'YYYY-MM-DD' }) dateOfBirth?: string | null;
  @Field(() => String, { nullable: true }) postcode?: string | null;
  @Field(() => String, { nullable: true }) address?: string | null;
  @Field(() => String, { nullable: true, description: "The agency's own reference for the person (nominal id, tenant number)" })
  personRef?: string | null;
}

@InputType({ description: 'Something the agency did about the incident' })
export class IncidentActionInput {
  @Field(() => String, { description: 'ISO 8601 date-time with offset, e.g. 2026-03-02T22:15:00Z' }) at!: string;
  @Field(() => String, { description: 'e.g. "Words of advice", "Warning letter", "Acceptable behaviour contract", "Injunction"' }) action!: string;
  @Field(() => String, { nullable: true, description: 'A role or officer/staff reference, not a name' }) by?: string | null;
}

@InputType({ description: 'What a police record adds (the force incident reference is `sourceRef`)' })
export class PoliceRecordInput {
  @Field(() => String, { nullable: true, description: 'Crime reference when the incident was also recorded as a crime' }) crimeReference?: string | null;
  @Field(() => String, { nullable: true, description: 'Collar number of the attending officer' }) attendingOfficer?: string | null;
  @Field(() => String, { nullable: true, description: 'Policing district or neighbourhood team' }) district?: string | null;
}

@InputType({ description: 'What a housing record adds (the incident reference within the case is `sourceRef`)' })
export class HousingRecordInput {
  @Field(() => String) tenancyRef!: string;
  @Field(() => String) caseRef!: string;
  @Field(() => String, { nullable: true, description: 'Housing officer reference' }) officer?: string | null;
}

@InputType({ description: 'What a warden patrol log entry adds (the log entry reference is `sourceRef`)' })
export class WardenRecordInput {
  @Field(() => String) patrolId!: string;
  @Field(() => String, { nullable: true, description: 'Warden reference (not a name)' }) wardenId?: string | null;
  @Field(() => String, { nullable: true, description: 'What the warden saw (becomes the narrative when `description` is empty)' }) observation?: string | null;
}

@InputType({ description: 'One incident as a contributing system submits it' })
export class IncidentInput {
  @Field(() => String, { description: "The agency's own reference: resubmitting it updates the incident" }) sourceRef!: string;
  @Field(() => AsbCategory) category!: AsbCategory;
  @Field(() => String, { nullable: true, description: 'NSIR sub-type, e.g. "Noise", "Vehicle nuisance"' }) subType?: string | null;
  @Field(() => String, { description: 'ISO 8601 date-time with offset, e.g. 2026-03-02T22:15:00Z (a string, so that a bad value rejects its record only)' })
  occurredAt!: string;
  @Field(() => String, { nullable: true, description: 'When it was reported to the agency (ISO 8601; default: occurredAt)' }) reportedAt?: string | null;
  @Field(() => String, { nullable: true, description: 'The narrative of what happened' }) description?: string | null;
  @Field(() => IncidentLocationInput, { nullable: true }) location?: IncidentLocationInput | null;
  @Field(() => ReportedPersonInput, { nullable: true }) reporter?: ReportedPersonInput | null;
  @Field(() => [ReportedPersonInput], { nullable: true, description: 'Victims, witnesses and others the incident concerns' })
  peopleInvolved?: ReportedPersonInput[] | null;
  @Field(() => [IncidentActionInput], { nullable: true }) actions?: IncidentActionInput[] | null;
  @Field(() => PoliceRecordInput, { nullable: true }) police?: PoliceRecordInput | null;
  @Field(() => HousingRecordInput, { nullable: true }) housing?: HousingRecordInput | null;
  @Field(() => WardenRecordInput, { nullable: true }) warden?: WardenRecordInput | null;
}

@ObjectType({ description: 'A field of a rejected record and what is wrong with it (never its value)' })
export class RecordError {
  @NotPersonal()
  @Field(() => String) field!: string;
  @NotPersonal()
  @Field(() => String) message!: string;
}

@ObjectType({ description: 'A record that was not stored, and why' })
export class RejectedRecord {
  @NotPersonal()
  @Field(() => Int, { description: 'Its position in the submitted list (from 0)' }) index!: number;
  @NotPersonal()
  @Field(() => String, { nullable: true }) sourceRef?: string | null;
  @NotPersonal()
  @Field(() => [RecordError]) errors!: RecordError[];
}

@ObjectType({ description: 'What a submission did' })
export class SubmitIncidentsResult {
  @NotPersonal()
  @Field(() => Int, { description: 'Records stored as new incidents' }) accepted!: number;
  @NotPersonal()
  @Field(() => Int, { description: 'Records that changed an incident submitted before' }) updated!: number;
  @NotPersonal()
  @Field(() => Int, { description: 'Records identical to what was submitted before (nothing changed)' }) unchanged!: number;
  @NotPersonal()
  @Field(() => [RejectedRecord]) rejected!: RejectedRecord[];
  @NotPersonal()
  @Field(() => Int, { description: 'New links to reports of the same incident by other agencies' }) linked!: number;
}
