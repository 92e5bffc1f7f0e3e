import '@atlaskit/css-reset';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { view } from '@forge/bridge';
import { App } from './App';

async function enableTheming(): Promise<void> {
  try {
    await view.theme.enable();
  } catch {
    // Theming is cosmetic: without it the page keeps the token fallbacks (light theme).
  }
}

const container = document.getElementById('root');
if (!container) throw new Error('index.html has no #root element');

void enableTheming();
createRoot(container).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
