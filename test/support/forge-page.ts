import type { Browser, Frame, Page } from 'playwright-core';

/**
 * A Custom UI module opened as Forge shows it: the local runtime's host page with the app in a
 * sandboxed iframe. `app` is that frame, where the tests look and click; `page` the browser tab.
 */
export type ModulePage = { page: Page; app: Frame; problems: string[] };

export type OpenOptions = { viewport?: { width: number; height: number } };

/** Opens `url` and waits for the app's frame; console errors, page errors and CSP violations are collected. */
export async function openModule(browser: Browser, url: string, options: OpenOptions = {}): Promise<ModulePage> {
  // Reduced motion, as a user may prefer it: Atlaskit then skips the modal and menu animations,
  // which otherwise keep elements "unstable" for Playwright for a second or two.
  const page = await browser.newPage({ viewport: options.viewport ?? { width: 1280, height: 900 }, reducedMotion: 'reduce' });
  // Well inside jest's 30 s, so a missing element fails with Playwright's own message.
  page.setDefaultTimeout(10_000);
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
  await page.goto(url);
  return { page, app: await appFrame(page), problems };
}

/** The app's frame in a host page (again after a reload, which replaces it). */
export async function appFrame(page: Page): Promise<Frame> {
  const element = await page.waitForSelector('#forge-frame');
  const frame = await element.contentFrame();
  if (!frame) throw new Error('the host page has no app frame');
  await frame.waitForLoadState('domcontentloaded');
  return frame;
}

/** Reloads the tab and answers the new app frame. */
export async function reloadApp(app: Frame): Promise<Frame> {
  await app.page().reload();
  return appFrame(app.page());
}
