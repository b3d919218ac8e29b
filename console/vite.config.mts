import path from 'node:path';
import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';

/**
 * govuk-frontend's precompiled stylesheet names its fonts and images from the site root
 * (`/assets/fonts/...`); pointing those at the package's own files lets Vite bundle them with
 * hashed names, so nothing is loaded from anywhere but the hub.
 */
function govukAssets(): Plugin {
  return {
    name: 'govuk-assets',
    enforce: 'pre',
    transform(code, id) {
      if (!id.includes('govuk-frontend') || !id.split('?')[0].endsWith('.css')) return null;
      return { code: code.replaceAll('url(/assets/', 'url(./assets/'), map: null };
    },
  };
}

const here = import.meta.dirname;

export default defineConfig({
  root: here,
  base: '/',
  plugins: [govukAssets(), react()],
  publicDir: false,
  logLevel: 'warn',
  build: {
    // Inside dist/, so the Docker image (which copies dist/) carries it; gateway/console.ts serves it.
    outDir: path.join(here, '..', 'dist', 'console'),
    emptyOutDir: true,
    assetsDir: 'assets',
    // Fonts and images stay files (never data: URIs), served with immutable cache headers.
    assetsInlineLimit: 0,
    // govuk-frontend's stylesheet comes minified, with old Internet Explorer @media hacks the CSS
    // minifier refuses; the console's own stylesheet is small.
    cssMinify: false,
    sourcemap: false,
    reportCompressedSize: false,
  },
});
