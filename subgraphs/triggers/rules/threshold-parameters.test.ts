import 'reflect-metadata';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { isInputObjectType, isNonNullType, isObjectType, type GraphQLSchema } from 'graphql';
import { Arg, buildSchema, Field, InputType, Int, Mutation, ObjectType, Query, Resolver, type ClassType } from 'type-graphql';
import { z } from 'zod';
import * as seeds from '../../../seeds/threshold-policies';
import { ACCESS_EXTENSION, NotPersonal } from '../../shared/declarations';
import { addFields, graphqlNames, objectTypeOf } from '../../shared/zod-graphql';
import { ThresholdParametersType, ThresholdPolicy } from '../entities/ThresholdPolicy';
import { policyInputSchema, ThresholdPolicyInput } from '../resolvers/inputs';
import { thresholdParametersOf, thresholdParametersSchema, type ThresholdParameters } from './threshold-parameters';

/** A schema holding just the given output and input types (type-graphql builds what resolvers reach). */
async function schemaOf(output: ClassType, input: ClassType): Promise<GraphQLSchema> {
  @Resolver()
  class Probe {
    @Query(() => output) probe(): unknown {
      return null;
    }
    @Mutation(() => Int) give(@Arg('input', () => input) _input: unknown): number {
      return 0;
    }
  }
  return buildSchema({ resolvers: [Probe], validate: false });
}

const fieldsOf = (schema: GraphQLSchema, type: string) => {
  const t = schema.getType(type);
  if (!isObjectType(t) && !isInputObjectType(t)) throw new Error(`${type} is not an object or input type`);
  return t.getFields();
};

describe('the threshold parameters, declared once (rules/threshold-parameters.ts)', () => {
  const keys = Object.keys(thresholdParametersSchema.shape);

  it('are the GraphQL output type, the input fields, the validation and the stored JSON alike', async () => {
    const schema = await schemaOf(ThresholdPolicy, ThresholdPolicyInput);
    expect(Object.keys(fieldsOf(schema, 'ThresholdParameters'))).toEqual(keys);
    const input = Object.keys(fieldsOf(schema, 'ThresholdPolicyInput'));
    expect(input).toEqual(['authorityId', 'name', 'effectiveFrom', ...keys, 'correspondence']);
    expect(Object.keys(policyInputSchema.shape)).toEqual(input);
    // Every output field carries its access declaration.
    for (const f of Object.values(fieldsOf(schema, 'ThresholdParameters'))) expect(f.extensions?.[ACCESS_EXTENSION], f.name).toEqual({ personal: false });
    expect(Object.keys(fieldsOf(schema, 'ThresholdSimilarity'))).toEqual(['category', 'place']);
    expect(Object.keys(fieldsOf(schema, 'SimilarityInput'))).toEqual(['category', 'place']);
    // Nullable exactly where the schema lets the value be absent.
    expect(isNonNullType(fieldsOf(schema, 'ThresholdParameters').maxReportDelayDays.type)).toBe(false);
    expect(isNonNullType(fieldsOf(schema, 'ThresholdParameters').minIncidents.type)).toBe(true);
    expect(isNonNullType(fieldsOf(schema, 'ThresholdPolicyInput').multipleReporterRoute.type)).toBe(false);
  });

  it('type the seeds, which the schema accepts unchanged, and are picked from a validated input', () => {
    for (const p of [seeds.KENT, seeds.EAST_HERTS, seeds.DERBYSHIRE, seeds.NATIONAL_DEFAULT]) {
      expect(Object.keys(p).sort()).toEqual([...keys].sort());
      expect(thresholdParametersSchema.parse(p)).toEqual(p);
    }
    const { maxReportDelayDays: _, multipleReporterRoute: __, ...given } = seeds.KENT;
    const data = policyInputSchema.parse({ name: 'Kent v2', ...given });
    // Omitted optional parameters are stored as null: a stored policy has every key.
    expect(thresholdParametersOf(data)).toEqual({ ...seeds.KENT, maxReportDelayDays: null, multipleReporterRoute: null });
    expectTypeOf<ThresholdParameters['maxReportDelayDays']>().toEqualTypeOf<number | null>();
    expectTypeOf(seeds.KENT).toEqualTypeOf<ThresholdParameters>();
  });

  it('a parameter added to the schema alone is in the output type, the input type, the validation and the type', async () => {
    const extended = graphqlNames(
      thresholdParametersSchema.extend({ minHarmScore: z.number().int().min(0).max(10).nullish().describe('A probe parameter') }),
      { output: 'ProbeParameters', input: 'ProbeParametersInput' },
    );
    const Output = objectTypeOf(extended, { decorate: () => [NotPersonal()] });
    @ObjectType('ProbeHolder')
    class Holder {
      @NotPersonal()
      @Field(() => Output)
      parameters!: z.output<typeof extended>;
    }
    @InputType('ProbeInput')
    class Input {}
    addFields(Input, extended.shape, 'input');
    const schema = await schemaOf(Holder, Input);
    expect(fieldsOf(schema, 'ProbeParameters').minHarmScore).toMatchObject({ description: 'A probe parameter' });
    expect(String(fieldsOf(schema, 'ProbeParameters').minHarmScore.type)).toBe('Int');
    expect(String(fieldsOf(schema, 'ProbeInput').minHarmScore.type)).toBe('Int');
    expect(Object.keys(fieldsOf(schema, 'ProbeInput'))).toEqual([...keys, 'minHarmScore']);
    expect(extended.safeParse({ ...seeds.KENT, minHarmScore: 11 }).success).toBe(false);
    expectTypeOf<z.output<typeof extended>['minHarmScore']>().toEqualTypeOf<number | null | undefined>();
    // The nested types are the parameters' own, not copies.
    expect(fieldsOf(schema, 'ProbeParameters').similarity.type.toString()).toBe('ThresholdSimilarity!');
    expect(ThresholdParametersType).not.toBe(Output);
  });
});
