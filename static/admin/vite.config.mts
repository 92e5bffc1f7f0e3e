import { fileURLToPath } from 'node:url';
import { customUiConfig } from '../common/vite-custom-ui.mjs';

// The admin page is a Forge Custom UI resource (manifest `resources[].path: static/admin/dist`).
//   npx vite build --config static/admin/vite.config.mts
export default customUiConfig(fileURLToPath(new URL('.', import.meta.url)), {
  build: {
    // The entry chunk holds what the Tokens tab needs for its first render; the other tabs and
    // the dialogs are dynamic imports (src/lazy-parts.ts). `npm run bench` prints the sizes. Most
    // of the entry is react-dom, Atlaskit's select and popper layers and @forge/bridge.
    chunkSizeWarningLimit: 400,
  },
});
