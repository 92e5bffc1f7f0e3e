import { fileURLToPath } from 'node:url';
import { customUiConfig } from '../common/vite-custom-ui.mjs';

// The poll UI — the Jira issue panel and the Confluence macro — is one Forge Custom UI resource
// (manifest `resources[].path: static/poll/dist`). It loads on every issue a person opens, so its
// first load holds only what showing and voting need: the entry asks for the polls and then
// loads the panel (src/root.tsx); managing is loaded on demand (src/manage/). `npm run bench`
// prints its weight.
//   npx vite build --config static/poll/vite.config.mts
export default customUiConfig(fileURLToPath(new URL('.', import.meta.url)), {
  // public/icon.svg is the issue panel's and the macro's icon (manifest `resource:poll;icon.svg`).
  publicDir: 'public',
  build: {
    // The largest chunk is managing (the editor with its date picker), loaded only for editors.
    chunkSizeWarningLimit: 500,
    rolldownOptions: {
      // Only what the first render imports goes in the first load; the rest stays with the lazy
      // chunk that needs it (rolldown's automatic chunking would hoist some of it).
      output: { codeSplitting: { groups: [{ name: 'initial', tags: ['$initial'] }] } },
    },
  },
});
