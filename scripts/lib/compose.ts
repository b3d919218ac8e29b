import { composeServices } from '@apollo/composition';
import { parse } from 'graphql';
import { subgraphs } from '../../subgraphs';
import { buildGuardedSchema } from '../../subgraphs/shared/server';
import { DEFAULT_SUBGRAPH_URLS } from '../../platform/services';

/** Prints every subgraph's SDL and composes the supergraph; throws on any composition error. */
export async function composeSubgraphSchemas(): Promise<{ files: Record<string, string>; hints: string[] }> {
  const files: Record<string, string> = {};
  const services = [];
  for (const def of Object.values(subgraphs)) {
    const { sdl } = await buildGuardedSchema(def, { rules: false });
    files[`${def.name}.graphql`] = `${sdl.trim()}\n`;
    services.push({ name: def.name, url: DEFAULT_SUBGRAPH_URLS[def.name], typeDefs: parse(sdl) });
  }
  const result = composeServices(services);
  if (result.errors) {
    throw new Error(`Composition failed:\n${result.errors.map((e) => `  ${e.message}`).join('\n')}`);
  }
  files['supergraph.graphql'] = `${result.supergraphSdl.trim()}\n`;
  return { files, hints: result.hints.map((h) => h.toString()) };
}
