import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildSchema, isObjectType } from 'graphql';
import { composeSubgraphSchemas } from '../scripts/lib/compose';
import { generateServiceOperations, serviceOperationDocuments } from '../scripts/lib/service-operations';

/** schema/ is what `npm run schema` would write now, and it composes without errors. */
describe('schema/', () => {
  it('is current: every subgraph SDL and the supergraph match the code', async () => {
    const { files } = await composeSubgraphSchemas();
    for (const [name, text] of Object.entries(files)) {
      const committed = fs.readFileSync(path.join(__dirname, '..', 'schema', name), 'utf8');
      expect(committed, `schema/${name} is stale: run npm run schema`).toBe(text);
    }
  });

  it('types every service-to-service operation from the SDL: the committed types are current', async () => {
    const { files } = await composeSubgraphSchemas();
    const generated = await generateServiceOperations(files);
    expect(generated.length, 'one typed module per operations document').toBe(serviceOperationDocuments().length);
    for (const [name, text] of generated) {
      const file = path.join(__dirname, '..', name);
      expect(fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '', `${name} is stale: run npm run schema`).toBe(text);
    }
  });

  it('carries the public names of docs/api.md for the core entities', () => {
    const api = buildSchema(fs.readFileSync(path.join(__dirname, '..', 'schema', 'supergraph.graphql'), 'utf8'), { assumeValidSDL: true });
    for (const type of ['Agency', 'Person', 'Consent', 'Incident', 'TriggerApplication', 'CaseReview']) {
      expect(isObjectType(api.getType(type)), type).toBe(true);
    }
    const query = api.getQueryType()!.getFields();
    for (const field of ['person', 'incident', 'triggerApplication', 'caseReview']) expect(query[field], field).toBeDefined();
    expect(api.getMutationType()!.getFields().registerPerson).toBeDefined();
    const enums: Record<string, string[]> = {
      IncidentSource: ['POLICE', 'HOUSING', 'WARDEN'],
      AsbCategory: ['PERSONAL', 'NUISANCE', 'ENVIRONMENTAL'],
      DataCategory: ['IDENTITY', 'CONTACT', 'SPECIAL_CATEGORY', 'INCIDENT_DETAIL'],
      Purpose: ['CASE_REVIEW', 'CASE_MANAGEMENT'],
      ApplicationChannel: ['ONLINE', 'PHONE', 'WRITING'],
      ApplicantType: ['VICTIM', 'REPRESENTATIVE', 'AGENCY'],
      TriggerDecision: ['THRESHOLD_MET', 'THRESHOLD_NOT_MET', 'MET_ALL_ACTION_TAKEN'],
    };
    for (const [name, values] of Object.entries(enums)) {
      const t = api.getType(name) as any;
      expect(t?.getValues().map((v: any) => v.name), name).toEqual(values);
    }
    const personFields = (api.getType('Person') as any).getFields();
    expect(personFields.incidents).toBeDefined();
  });
});
