import { buildSchema, createResolversMap, type NonEmptyArray } from 'type-graphql';
import { buildSubgraphSchema, printSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';
import { printSchemaWithDirectives } from '@graphql-tools/utils';
import { parse, type GraphQLSchema } from 'graphql';

/**
 * Builds a Federation 2 subgraph schema from type-graphql classes (the shape of type-graphql's
 * `examples/apollo-federation-2`): type-graphql builds the schema with the federation directives
 * written as `@Directive(...)`, we print it behind the `@link` header, and `@apollo/subgraph`
 * builds the subgraph from that SDL with type-graphql's resolvers plus our `__resolveReference`s.
 */
export const FEDERATION_IMPORTS = ['@key', '@shareable', '@external', '@requires', '@provides', '@inaccessible', '@tag', '@override'];
export const FEDERATION_LINK = `extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: [${FEDERATION_IMPORTS.map((d) => `"${d}"`).join(', ')}])`;

export interface FederatedSchemaOptions {
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  resolvers: NonEmptyArray<Function>;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  orphanedTypes?: Function[];
  /** `{ TypeName: { __resolveReference } }`, each batched with a DataLoader. */
  referenceResolvers?: GraphQLResolverMap<unknown>;
}

export async function buildFederatedSchema(opts: FederatedSchemaOptions): Promise<{ schema: GraphQLSchema; sdl: string; source: GraphQLSchema }> {
  const typeGraphQLSchema = await buildSchema({
    resolvers: opts.resolvers,
    orphanedTypes: opts.orphanedTypes,
    skipCheck: true,
    validate: false,
  });
  const typeDefs = parse(`${FEDERATION_LINK}\n\n${printSchemaWithDirectives(typeGraphQLSchema)}`);
  const resolvers = createResolversMap(typeGraphQLSchema) as GraphQLResolverMap<unknown>;
  for (const [typeName, extra] of Object.entries(opts.referenceResolvers ?? {})) {
    resolvers[typeName] = { ...(resolvers[typeName] as object), ...(extra as object) } as never;
  }
  const schema = buildSubgraphSchema({ typeDefs, resolvers });
  // `source` keeps type-graphql's field extensions: the access declarations (shared/declarations.ts).
  return { schema, sdl: printSubgraphSchema(schema), source: typeGraphQLSchema };
}
