import { buildSchema, graphql, parse, validate } from 'graphql';
import { describe, expect, it } from 'vitest';
import { entityOperation, mergeableEntityFetch, mergeEntityFetches, splitEntityResponse } from './entity-batch';

/** A subgraph's shape as far as entity fetches go: agencies and people by reference. */
const schema = buildSchema(`
  scalar _Any
  union _Entity = Agency | Person
  type Agency { id: ID! name: String kind: String }
  type Person { id: ID! givenName(style: String): String familyName: String }
  type Query { _entities(representations: [_Any!]!): [_Entity]! agencies: [Agency!]! }
`);

const rows: Record<string, Record<string, unknown>> = {
  'Agency:a': { __typename: 'Agency', id: 'a', name: 'Agency A', kind: 'COUNCIL' },
  'Agency:b': { __typename: 'Agency', id: 'b', name: 'Agency B', kind: 'POLICE' },
  'Person:p': { __typename: 'Person', id: 'p', givenName: () => { throw new Error('withheld'); }, familyName: 'Turner' },
};

/** Executes a document as the subgraph would: each representation by its type and id; unknown ones null. */
async function execute(query: string, variables: Record<string, unknown>) {
  expect(validate(schema, parse(query))).toEqual([]);
  return graphql({
    schema,
    source: query,
    variableValues: variables,
    rootValue: { _entities: ({ representations }: { representations: Array<{ __typename: string; id: string }> }) => representations.map((r) => rows[`${r.__typename}:${r.id}`] ?? null) },
  });
}

const plain = (value: unknown) => JSON.parse(JSON.stringify(value));

const agencyFetch = (name: string) => ({
  query: `query GB__consent__${name}($representations:[_Any!]!){_entities(representations:$representations){...on Agency{id name}}}`,
  operationName: `GB__consent__${name}`,
});

describe('which fetches can be merged', () => {
  it('an entity fetch as the planner sends it, not a root field, an aliased or a directive-carrying one, nor a mutation', () => {
    expect(mergeableEntityFetch(agencyFetch('1').query)).toBeDefined();
    expect(mergeableEntityFetch('{ agencies { id } }')).toBeUndefined();
    expect(entityOperation(parse('query { x: _entities(representations: []) { __typename } }'))).toBeUndefined();
    expect(entityOperation(parse('query Q @live { _entities(representations: []) { __typename } }'))).toBeUndefined();
    expect(entityOperation(parse('query { _entities(representations: []) { __typename } agencies { id } }'))).toBeUndefined();
    expect(entityOperation(parse('mutation { _entities(representations: []) { __typename } }'))).toBeUndefined();
    expect(mergeableEntityFetch('query {')).toBeUndefined();
  });
});

describe('merging entity fetches and splitting the answer', () => {
  it('aliases each _entities, renames each variable apart, and gives each fetch what it alone would have had', async () => {
    const fetches = [
      { ...agencyFetch('1'), variables: { representations: [{ __typename: 'Agency', id: 'a' }] } },
      { ...agencyFetch('2'), variables: { representations: [{ __typename: 'Agency', id: 'b' }, { __typename: 'Agency', id: 'a' }] } },
    ];
    const merged = mergeEntityFetches(fetches);
    expect(merged.operationName).toBe('GB__consent__1');
    expect(merged.query).toContain('_e0: _entities(representations: $p0_representations)');
    expect(merged.query).toContain('_e1: _entities(representations: $p1_representations)');
    expect(merged.variables).toEqual({ p0_representations: fetches[0].variables.representations, p1_representations: fetches[1].variables.representations });

    const [one, two] = splitEntityResponse(plain(await execute(merged.query, merged.variables)), 2);
    const alone = await Promise.all(fetches.map(async (f) => plain(await execute(f.query, f.variables))));
    expect(one).toEqual(alone[0]);
    expect(two).toEqual(alone[1]);
    expect(two.data).toEqual({ _entities: [{ id: 'b', name: 'Agency B' }, { id: 'a', name: 'Agency A' }] });
  });

  it('keeps apart variables of the same name and those that look like a renamed one', async () => {
    const person = (style: string) => ({
      query: `query P($representations:[_Any!]!, $style: String, $p1_style: String){_entities(representations:$representations){...on Person{familyName a: givenName(style: $style) b: givenName(style: $p1_style)}}}`,
      variables: { representations: [{ __typename: 'Agency', id: 'a' }], style: style, p1_style: `${style}-x` },
    });
    const merged = mergeEntityFetches([person('short'), person('long')]);
    expect(merged.variables).toEqual({
      p0_representations: [{ __typename: 'Agency', id: 'a' }], p0_style: 'short', p0_p1_style: 'short-x',
      p1_representations: [{ __typename: 'Agency', id: 'a' }], p1_style: 'long', p1_p1_style: 'long-x',
    });
    expect(new Set(Object.keys(merged.variables)).size).toBe(6);
    expect(validate(schema, parse(merged.query))).toEqual([]);
  });

  it('shares a fragment two fetches define alike, renames those that differ under one name (and the spreads to them)', async () => {
    const withFragments = (fields: string) => ({
      query: `query F($representations:[_Any!]!){_entities(representations:$representations){...AgencyFields ...Shared}} fragment AgencyFields on Agency { ${fields} ...Inner } fragment Inner on Agency { id } fragment Shared on Agency { __typename }`,
      variables: { representations: [{ __typename: 'Agency', id: 'a' }] },
    });
    const same = mergeEntityFetches([withFragments('name'), withFragments('name')]);
    expect(same.query.match(/fragment AgencyFields/g)).toHaveLength(1);

    const fetches = [withFragments('name'), withFragments('kind')];
    const merged = mergeEntityFetches(fetches);
    expect(merged.query).toContain('fragment AgencyFields on Agency');
    expect(merged.query).toContain('fragment AgencyFields_1 on Agency');
    expect(merged.query).toContain('fragment Inner_1 on Agency');
    const [one, two] = splitEntityResponse(plain(await execute(merged.query, merged.variables)), 2);
    expect(one.data).toEqual({ _entities: [{ id: 'a', name: 'Agency A', __typename: 'Agency' }] });
    expect(two.data).toEqual({ _entities: [{ id: 'a', kind: 'COUNCIL', __typename: 'Agency' }] });
  });

  it('gives each fetch the errors on its alias, at its own entity positions, and every fetch the errors of the whole request', async () => {
    const people = {
      query: 'query P($representations:[_Any!]!){_entities(representations:$representations){...on Person{id givenName}}}',
      variables: { representations: [{ __typename: 'Agency', id: 'a' }, { __typename: 'Person', id: 'p' }] },
    };
    const agencies = { ...agencyFetch('2'), variables: { representations: [{ __typename: 'Agency', id: 'b' }] } };
    const merged = mergeEntityFetches([agencies, people]);
    const [a, p] = splitEntityResponse(plain(await execute(merged.query, merged.variables)), 2);
    const alone = plain(await execute(people.query, people.variables));
    expect(a).toEqual({ data: { _entities: [{ id: 'b', name: 'Agency B' }] } });
    expect(p.data).toEqual(alone.data);
    expect(p.errors!.map((e) => [e.message, e.path])).toEqual([['withheld', ['_entities', 1, 'givenName']]]);
    expect(alone.errors.map((e: { path: unknown }) => e.path)).toEqual([['_entities', 1, 'givenName']]);

    // No data and a pathless error (the request as a whole refused): each fetch has it, and no data.
    const refused = splitEntityResponse({ data: null, errors: [{ message: 'Access log unavailable' }], extensions: { x: 1 } }, 2);
    expect(refused).toEqual([
      { data: null, errors: [{ message: 'Access log unavailable' }], extensions: { x: 1 } },
      { data: null, errors: [{ message: 'Access log unavailable' }], extensions: { x: 1 } },
    ]);
    // One alias null (its fetch failed as a whole), the other answered.
    const half = splitEntityResponse({ data: { _e0: null, _e1: [{ id: 'b' }] }, errors: [{ message: 'boom', path: ['_e0'] }] }, 2);
    expect(half).toEqual([{ data: null, errors: [{ message: 'boom', path: ['_entities'] }] }, { data: { _entities: [{ id: 'b' }] } }]);
  });
});
