import { fileURLToPath } from 'node:url';
import { customUiConfig } from '../common/vite-custom-ui.mjs';

// The configuration form of the native Automation actions: one Forge Custom UI resource
// (manifest `resources[].path: static/automation/dist`) that every action's `config.resource`
// names; it picks its form by the action's module key.
//   npx vite build --config static/automation/vite.config.mts
export default customUiConfig(fileURLToPath(new URL('.', import.meta.url)), {
  build: {
    // One chunk, mostly react-dom and Atlaskit's form fields: a rule author opens it once per
    // action, in Automation's panel.
    chunkSizeWarningLimit: 500,
  },
});
