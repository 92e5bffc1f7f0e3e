import { fileURLToPath } from 'node:url';
import { defineConfig, mergeConfig, type UserConfig } from 'vite';

/**
 * What every Quorum Custom UI build shares (static/admin, static/poll, static/automation): a
 * Forge resource folder `dist/` under the app's own root, so each builds from anywhere with
 * `npx vite build --config static/<app>/vite.config.mts`. `extra` adds the app's own settings.
 */
export function customUiConfig(appDir: string, extra: UserConfig = {}): UserConfig {
  return mergeConfig(
    defineConfig({
      root: appDir,
      // Forge serves the resource under an app-specific path: every asset URL must be relative.
      base: './',
      publicDir: false,
      clearScreen: false,
      // Atlaskit's feature-gate client is never initialised in a Forge iframe: every gate is off.
      // feature-gates-off.ts answers the same without 137 kB of Statsig.
      resolve: {
        alias: { '@atlaskit/feature-gate-js-client/feature-gates': fileURLToPath(new URL('./feature-gates-off.ts', import.meta.url)) },
      },
      // Vite's built-in oxc transform does the JSX (automatic runtime), so no React plugin is needed.
      oxc: { jsx: { runtime: 'automatic', importSource: 'react' } },
      build: {
        outDir: 'dist',
        emptyOutDir: true,
        // Forge's CSP is strict ('self' scripts): keep every asset a file, never a data: URL.
        assetsInlineLimit: 0,
        modulePreload: { polyfill: false },
      },
    }),
    extra,
  );
}
