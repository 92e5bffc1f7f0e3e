import '@atlaskit/css-reset';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { enableTheming } from '../../common/theme';
import { App } from './app';

const container = document.getElementById('root');
if (!container) throw new Error('index.html has no #root element');

void enableTheming();
createRoot(container).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
