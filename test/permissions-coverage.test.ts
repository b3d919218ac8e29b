import { describe, expect, it } from 'vitest';
import { getNamedType, isLeafType, isObjectType } from 'graphql';
import { leaf } from '../subgraphs/shared/rules';
import { subgraphs } from '../subgraphs';
import { buildGuardedSchema } from '../subgraphs/shared/server';

/**
 * Deny by default is only safe if nothing relies on it by accident: every field of every object
 * type in every subgraph must have its own rule (or its type's '*'), never the fallback.
 */
describe('every field has an explicit rule, and no object-valued field is left unchecked', () => {
  for (const def of Object.values(subgraphs)) {
    it(def.name, async () => {
      const { unguarded } = await buildGuardedSchema(def, { rules: false });
      const rules = def.permissions as Record<string, Record<string, unknown>>;
      const missing: string[] = [];
      for (const type of Object.values(unguarded.getTypeMap())) {
        if (!isObjectType(type) || type.name.startsWith('__') || type.name === '_Service') continue;
        for (const field of Object.keys(type.getFields())) {
          if (type.name === 'Query' && field === '_service') continue;
          const typeRules = rules[type.name];
          if (!typeRules || !(field in typeRules || '*' in typeRules)) {
            missing.push(`${type.name}.${field}`);
            continue;
          }
          // `leaf` (served unchecked) is for scalars and enums only: every edge to an object keeps a rule.
          const rule = field in typeRules ? typeRules[field] : typeRules['*'];
          if (rule === leaf && !isLeafType(getNamedType(type.getFields()[field].type))) missing.push(`${type.name}.${field} (leaf on an object-valued field)`);
        }
      }
      expect(missing, `fields left to the fallback rule in ${def.name}`).toEqual([]);
    });
  }
});
