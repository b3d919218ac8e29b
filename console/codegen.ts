import fs from 'node:fs';
import path from 'node:path';
import { Supergraph } from '@apollo/federation-internals';
import type { CodegenConfig } from '@graphql-codegen/cli';
import { printSchema } from 'graphql';

/**
 * Typed documents for the console from the committed supergraph (schema/supergraph.graphql). The
 * console is validated against the public API schema the gateway serves (the supergraph without
 * its @inaccessible service-only fields), so it cannot name a field a browser may not ask for.
 */
const supergraph = fs.readFileSync(path.join(__dirname, '..', 'schema', 'supergraph.graphql'), 'utf8');
const apiSchema = printSchema(Supergraph.build(supergraph).apiSchema().toGraphQLJSSchema());

const config: CodegenConfig = {
  schema: apiSchema,
  documents: [path.join(__dirname, 'src/**/*.{ts,tsx}'), `!${path.join(__dirname, 'src/gql/**')}`],
  ignoreNoDocuments: false,
  silent: true,
  generates: {
    [path.join(__dirname, 'src/gql/')]: {
      preset: 'client',
      presetConfig: { fragmentMasking: false },
      config: {
        enumsAsTypes: true,
        useTypeImports: true,
        scalars: { DateTimeISO: 'string', Date: 'string', JSON: 'unknown' },
      },
    },
  },
};
export default config;
