import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

// The poll UI — the Jira issue panel and the Confluence macro — is one Forge Custom UI resource
// (manifest `resources[].path: static/poll/dist`). It loads on every issue a person opens, so its
// first load holds only what showing and voting need; managing is loaded on demand
// (src/manage/). `npm run bench` prints its weight.
//   npx vite build --config static/poll/vite.config.mts
const ROOT = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root: ROOT,
  // Forge serves the resource under an app-specific path: every asset URL must be relative.
  base: './',
  // public/icon.svg is the issue panel's and the macro's icon (manifest `resource:poll;icon.svg`).
  publicDir: 'public',
  clearScreen: false,
  // Atlaskit's feature-gate client is never initialised in a Forge iframe: every gate is off.
  // static/common/feature-gates-off.ts answers the same without 137 kB of Statsig.
  resolve: {
    alias: { '@atlaskit/feature-gate-js-client/feature-gates': fileURLToPath(new URL('../common/feature-gates-off.ts', import.meta.url)) },
  },
  oxc: { jsx: { runtime: 'automatic', importSource: 'react' } },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // Forge's CSP is strict ('self' scripts): keep every asset a file, never a data: URL.
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    chunkSizeWarningLimit: 400,
    rolldownOptions: {
      // Only what the first render imports goes in the first load; the rest stays with the lazy
      // chunk that needs it (rolldown's automatic chunking would hoist some of it).
      output: { codeSplitting: { groups: [{ name: 'initial', tags: ['$initial'] }] } },
    },
  },
});
