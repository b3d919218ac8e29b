import { z } from 'zod';
import { graphqlNames } from '../../shared/zod-graphql';

/**
 * A threshold policy's parameters, declared once (docs/design.md, "threshold"): this zod schema is
 * the validation of `publishThresholdPolicy`, the TypeScript type (`ThresholdParameters`, the
 * policy entity's JSON and the seeds'), the GraphQL output type `ThresholdParameters` (the policy
 * entity, entities/ThresholdPolicy.ts) and the fields of `ThresholdPolicyInput`
 * (resolvers/inputs.ts), both built from it by subgraphs/shared/zod-graphql.ts. Adding a parameter
 * is a change to this schema and to the rule that applies it (rules/threshold.ts).
 *
 * Optional inputs are stored as null (the `transform`s): a stored policy always has every key.
 */
const orNull = <T>(v: T | null | undefined): T | null => v ?? null;

export const similaritySchema = graphqlNames(
  z.object({
    category: z.boolean().describe('Same ASB category'),
    place: z.boolean().describe('Same place (LSOA)'),
  }),
  { output: 'ThresholdSimilarity', input: 'SimilarityInput', description: 'What makes incidents the same or similar' },
);

export const multipleReporterRouteSchema = graphqlNames(
  z.object({
    minReporters: z.number().int().min(2).max(100),
    similarity: similaritySchema,
  }),
  { output: 'MultipleReporterRoute', input: 'MultipleReporterRouteInput', description: 'Different people separately reporting similar ASB' },
);

export const thresholdParametersSchema = graphqlNames(
  z.object({
    /** Incidents (or complaints) needed in the window. */
    minIncidents: z.number().int().min(1).max(100),
    /**
     * The window: complaints made (incidents reported) in the previous N calendar months, inclusive
     * of the same date (the statute: the application is made within six months of the complaint).
     */
    windowMonths: z.number().int().min(1).max(60).describe('Complaints made (incidents reported) in the previous N calendar months count'),
    /**
     * Each incident must be reported within this many days of taking place (the statute's "within
     * one month of the behaviour": 31); null: no limit. Also how far before the window the
     * incidents are fetched (candidatePeriod).
     */
    maxReportDelayDays: z
      .number()
      .int()
      .min(0)
      .max(3650)
      .nullish()
      .transform(orNull)
      .describe('Each incident reported within this many days of taking place (31: "within one month"); null: no limit'),
    /** What makes incidents the same or similar for the count. */
    similarity: similaritySchema,
    /** A second route: this many different people separately reporting similar ASB in the window. */
    multipleReporterRoute: multipleReporterRouteSchema.nullish().transform(orNull),
    /** The discretion the SPOC keeps when the count falls short. */
    discretionNote: z.string().trim().min(1, 'is required').max(2000),
  }),
  { output: 'ThresholdParameters', description: "A policy's parameters (rules/threshold.ts applies any of them)" },
);

export type ThresholdParameters = z.output<typeof thresholdParametersSchema>;
export type Similarity = z.output<typeof similaritySchema>;

/** The parameters among a validated input's other fields (`publishThresholdPolicy`'s). */
export function thresholdParametersOf(data: ThresholdParameters): ThresholdParameters {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(thresholdParametersSchema.shape)) out[key] = data[key as keyof ThresholdParameters];
  return out as ThresholdParameters;
}
