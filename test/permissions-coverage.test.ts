import 'reflect-metadata';
import { describe, expect, it } from 'vitest';
import { execute, isObjectType, parse } from 'graphql';
import { buildSchema, Field, ObjectType, Query, Resolver } from 'type-graphql';
import { subgraphs } from '../subgraphs';
import { buildGuardedSchema } from '../subgraphs/shared/server';
import { NotPersonal, Personal, DataSubject } from '../subgraphs/shared/declarations';
import { DataCategory } from '../subgraphs/shared/enums';
import { applyPermissions, generatePermissions } from '../subgraphs/shared/permission-layer';
import { createContext } from '../subgraphs/shared/context';

/**
 * Deny by default is only safe if nothing relies on it by accident: every field of every object
 * type in every subgraph declares whether it is personal (and of which category) or not, every
 * query and mutation is in the operation catalogue, and a field without a declaration is refused.
 */
describe('every field declares what it is, and every operation is in the catalogue', () => {
  for (const def of Object.values(subgraphs)) {
    it(def.name, async () => {
      const { permissions, unguarded } = await buildGuardedSchema(def, { rules: false });
      expect(permissions.undeclared, `undeclared fields in ${def.name}`).toEqual([]);
      // Every field of the served schema is covered, scalar or object (no wildcard).
      const missing: string[] = [];
      for (const type of Object.values(unguarded.getTypeMap())) {
        if (!isObjectType(type) || type.name.startsWith('__')) continue;
        for (const field of Object.keys(type.getFields())) {
          if (!(field in (permissions.rules[type.name] ?? {}))) missing.push(`${type.name}.${field}`);
        }
      }
      expect(missing, `fields left to the fallback rule in ${def.name}`).toEqual([]);
      expect(JSON.stringify(Object.keys(permissions.rules).flatMap((t) => Object.keys(permissions.rules[t])))).not.toContain('"*"');
    });
  }
});

@ObjectType()
@DataSubject((p: Probe) => ({ personId: p.personId, controllerAgencyIds: ['own-agency'] }))
class Probe {
  personId!: string;
  @NotPersonal() @Field(() => String) declared!: string;
  @Field(() => String, { nullable: true }) added!: string;
  @Personal(DataCategory.CONTACT) @Field(() => String, { nullable: true }) phone!: string;
}

@Resolver()
class ProbeResolver {
  @Query(() => Probe)
  probe(): Probe {
    return Object.assign(new Probe(), { personId: 'p-1', declared: 'ok', added: 'leaked', phone: '01234 567890' });
  }
}

describe('the generated layer', () => {
  it('refuses a field added without a declaration, and decides a personal one', async () => {
    const source = await buildSchema({ resolvers: [ProbeResolver], orphanedTypes: [Probe], validate: false });
    const generated = generatePermissions(source, { operations: { 'Query.probe': { roles: ['spoc'], scope: 'any', description: 'test' } }, entities: {} });
    expect(generated.undeclared).toEqual(['Probe.added']);
    const schema = applyPermissions(source, generated);
    const asked: string[] = [];
    const caller = { sub: 'u', agencyId: 'other-agency', roles: ['spoc' as const], token: '' };
    const ctx = createContext({ subgraph: 'test', em: { fork: () => ({}) } as never, pdp: async (_actor, qs) => ({ answers: qs.map((q) => (asked.push(q.category), { allowed: false, basis: 'no-grant' })), logged: Promise.resolve() }) }, caller);
    const res = await execute({ schema, document: parse('{ probe { declared added phone } }'), contextValue: ctx });
    if (!res.data) throw new Error(JSON.stringify(res.errors));
    expect(res.data).toEqual({ probe: { declared: "ok", added: null, phone: null } });
    expect(res.errors?.map((e) => e.extensions?.code)).toEqual(['FORBIDDEN', 'FORBIDDEN']);
    expect(JSON.stringify(res)).not.toContain('leaked');
    expect(JSON.stringify(res)).not.toContain('01234');
    expect(asked).toEqual(['CONTACT']);
    const phoneError = res.errors!.find((e) => e.path?.includes('phone'))!;
    expect(phoneError.extensions).toMatchObject({ category: 'CONTACT', reason: 'denied' });
  });
});
