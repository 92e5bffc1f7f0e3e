// Screenshots of every tab of the admin page, light and dark, for docs/screenshots.
//   npm run build:ui && node --import tsx scripts/screenshots.ts
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Frame, Page } from 'playwright-core';
import { startLocalServer } from '../local/http/server';
import { LocalRuntime } from '../local/runtime';
import { seedLivedInSite } from '../test/e2e/seed';
import { launchBrowser } from '../test/support/browser';
import { appFrame } from '../test/support/forge-page';

const OUT_DIR = path.resolve(__dirname, '..', 'docs', 'screenshots');
const ADMIN_PAGE = '/modules/quorum-jira-admin/';
const THEMES = ['light', 'dark'] as const;
const TABS: ReadonlyArray<{ id: string; ready: string }> = [
  { id: 'tokens', ready: 'tokens-table--table' },
  { id: 'audit', ready: 'audit-table--table' },
  { id: 'settings', ready: 'settings-form' },
  { id: 'api', ready: 'web-trigger-url' },
];

/** Waits until the design tokens' theme CSS has been applied, so nothing is shot half-themed. */
async function themed(page: Frame): Promise<void> {
  await page.waitForFunction(() => getComputedStyle(document.documentElement).getPropertyValue('--ds-surface').trim() !== '');
}

async function shoot(page: Page, name: string): Promise<void> {
  // Let transitions (tab underline, modal fade-in) settle.
  await page.waitForTimeout(800);
  await page.screenshot({ path: path.join(OUT_DIR, `${name}.png`), fullPage: true });
  console.log(`docs/screenshots/${name}.png`);
}

async function main(): Promise<void> {
  await mkdir(OUT_DIR, { recursive: true });
  const runtime = new LocalRuntime({ storage: { kind: 'memory' } });
  const server = await startLocalServer(runtime, { port: 0 });
  const browser = await launchBrowser();
  try {
    await seedLivedInSite(runtime, `${server.url}/x1/polls-api`);
    // Every tab in both themes first, so both show the same data; then the dialogs, which add a token.
    for (const theme of THEMES) {
      const page = await browser.newPage({ viewport: { width: 1280, height: 800 }, colorScheme: theme });
      page.on('pageerror', (error) => console.error(`pageerror: ${error.message}`));
      for (const tab of TABS) {
        await page.goto(`${server.url}${ADMIN_PAGE}?theme=${theme}#${tab.id}`);
        const app = await appFrame(page);
        await app.getByTestId(tab.ready).waitFor();
        await themed(app);
        await shoot(page, `${tab.id}-${theme}`);
      }
      await page.close();
    }
    for (const theme of THEMES) {
      const page = await browser.newPage({ viewport: { width: 1280, height: 800 }, colorScheme: theme });
      page.on('pageerror', (error) => console.error(`pageerror: ${error.message}`));
      await page.goto(`${server.url}${ADMIN_PAGE}?theme=${theme}#tokens`);
      const app = await appFrame(page);
      await app.getByTestId('tokens-table--table').waitFor();
      await themed(app);
      await app.getByTestId('create-token').click();
      await app.getByLabel('Name', { exact: true }).fill('Sprint retro rule');
      await shoot(page, `create-token-${theme}`);
      await app.getByLabel('Name', { exact: true }).fill(`Quarterly survey (${theme})`);
      const scope = app.locator('#token-scope');
      await scope.fill('Platform');
      await app.getByRole('option', { name: 'Platform (PLAT)' }).click();
      await scope.blur();
      await app.getByTestId('create-token-submit').click();
      await app.getByTestId('revealed-token').waitFor();
      await shoot(page, `token-reveal-${theme}`);
      await page.goto(`${server.url}${ADMIN_PAGE}?theme=${theme}&accountId=local-user`);
      const forbidden = await appFrame(page);
      await forbidden.getByTestId('forbidden').waitFor();
      await themed(forbidden);
      await shoot(page, `forbidden-${theme}`);
      await page.close();
    }
  } finally {
    await browser.close();
    await server.close();
    await runtime.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
