import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

// The admin page is a Forge Custom UI resource (manifest `resources[].path: static/admin/dist`).
// Its root is this folder, so the build works from anywhere:
//   npx vite build --config static/admin/vite.config.mts
const ROOT = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root: ROOT,
  // Forge serves the resource under an app-specific path: every asset URL must be relative.
  base: './',
  publicDir: false,
  clearScreen: false,
  // Atlaskit's feature-gate client is never initialised in a Forge iframe: every gate is off.
  // static/common/feature-gates-off.ts answers the same without 137 kB of Statsig.
  resolve: {
    alias: { '@atlaskit/feature-gate-js-client/feature-gates': fileURLToPath(new URL('../common/feature-gates-off.ts', import.meta.url)) },
  },
  // Vite's built-in oxc transform does the JSX (automatic runtime), so no React plugin is needed.
  oxc: { jsx: { runtime: 'automatic', importSource: 'react' } },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // Forge's CSP is strict ('self' scripts): keep every asset a file, never a data: URL.
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    // The entry chunk holds what the Tokens tab needs for its first render; the other tabs and
    // the dialogs are dynamic imports (src/lazy-parts.ts). `node --import tsx bench/ui-bundle.ts`
    // prints the sizes. Most of the entry is react-dom, Atlaskit's select, table and popper layers,
    // feature gates and @forge/bridge.
    chunkSizeWarningLimit: 400,
  },
});
