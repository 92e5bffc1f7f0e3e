import '@atlaskit/css-reset';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app';
import { preloadFirstPage } from './preload';
import { enableTheming } from '../../common/theme';

const container = document.getElementById('root');
if (!container) throw new Error('index.html has no #root element');

// The first page's data, the theme and the first render all start at once.
preloadFirstPage();
void enableTheming();
createRoot(container).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
