// Hive Gateway (@graphql-hive/gateway) serving the same committed supergraph as our gateway:
//
//   npx hive-gateway supergraph -c gateway/hive-gateway.config.mjs --port 4000
//
// (`npm run gateway:hive`). Without `propagateHeaders` Hive Gateway does not forward the caller's
// token, and every subgraph answers UNAUTHENTICATED: each subgraph verifies the token itself. The
// subgraphs' addresses come from CONSENT_URL, INCIDENTS_URL, TRIGGERS_URL and REVIEWS_URL when set,
// else from the supergraph (127.0.0.1:4001-4004, as `npm start` serves them: platform/services.ts;
// test/compose.test.ts checks the list below against it).
// test/hive-gateway.e2e.test.ts runs the cross-subgraph query through it.
import { fileURLToPath } from 'node:url';
import { defineConfig } from '@graphql-hive/gateway';

const SUBGRAPHS = ['consent', 'incidents', 'triggers', 'reviews'];

/** The headers each subgraph needs from the client's request: the token, and what the access log records. */
export const FORWARDED_HEADERS = ['authorization', 'x-request-id', 'x-purpose'];

export const gatewayConfig = defineConfig({
  supergraph: fileURLToPath(new URL('../schema/supergraph.graphql', import.meta.url)),
  propagateHeaders: {
    fromClientToSubgraphs: ({ request }) => Object.fromEntries(FORWARDED_HEADERS.map((h) => [h, request.headers.get(h)]).filter(([, v]) => v)),
  },
  transportEntries: Object.fromEntries(
    SUBGRAPHS.filter((name) => process.env[`${name.toUpperCase()}_URL`]).map((name) => [name, { location: process.env[`${name.toUpperCase()}_URL`] }]),
  ),
  // Our gateway's limits (gateway/limits.ts) have Hive Gateway equivalents; the depth limit:
  maxDepth: Number(process.env.MAX_QUERY_DEPTH ?? 12),
  logging: process.env.LOG_LEVEL ?? 'info',
});
