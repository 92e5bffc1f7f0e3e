import { view } from '@forge/bridge';
import { setGlobalTheme } from '@atlaskit/tokens/set-global-theme';

type ColorMode = 'light' | 'dark';

function hostColorMode(): ColorMode {
  return document.documentElement.getAttribute('data-color-mode') === 'dark' ? 'dark' : 'light';
}

/**
 * `view.theme.enable()` tells the page which color mode the host uses (as `data-color-mode` on
 * <html>, kept current when the user switches). The design tokens' CSS comes from
 * `setGlobalTheme`, which loads the theme files from our own bundle (`script-src 'self'` holds)
 * and inserts them as <style> elements (allowed by the manifest's `unsafe-inline` styles).
 */
export async function enableTheming(): Promise<void> {
  try {
    await view.theme.enable();
  } catch {
    // Outside a host that supports theming: the light theme below still applies.
  }
  let applied = hostColorMode();
  await setGlobalTheme({ colorMode: applied });
  new MutationObserver(() => {
    const next = hostColorMode();
    if (next === applied) return;
    applied = next;
    void setGlobalTheme({ colorMode: next });
  }).observe(document.documentElement, { attributes: true, attributeFilter: ['data-color-mode'] });
}
