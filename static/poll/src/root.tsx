import '@atlaskit/css-reset';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { enableTheming } from '../../common/theme';
import { App, type FirstListing } from './app';

/** Renders the panel (or the macro) into #root, starting from the listing already asked for. */
export function mount(firstListing: FirstListing): void {
  const container = document.getElementById('root');
  if (!container) throw new Error('index.html has no #root element');
  void enableTheming();
  createRoot(container).render(
    <StrictMode>
      <App firstListing={firstListing} />
    </StrictMode>,
  );
}
