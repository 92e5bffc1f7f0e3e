// Screenshots of the Automation actions' configuration form (in the local runtime's stand-in for
// Automation's panel) and of their setting in the admin page, for docs/screenshots/automation-*.png.
//   npm run build:ui && node --import tsx scripts/action-screenshots.ts
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Frame, Page } from 'playwright-core';
import { startLocalServer } from '../local/http/server';
import { LocalRuntime } from '../local/runtime';
import { allowActions } from '../test/support/actions';
import { launchBrowser } from '../test/support/browser';
import { appFrame } from '../test/support/forge-page';
import { OUT_DIR, shoot, themed } from './screenshot-kit';

async function main(): Promise<void> {
  await mkdir(OUT_DIR, { recursive: true });
  const runtime = new LocalRuntime({ storage: { kind: 'memory' } });
  const server = await startLocalServer(runtime, { port: 0 });
  const browser = await launchBrowser();
  try {
    const open = async (url: string, theme: 'light' | 'dark' = 'light'): Promise<{ page: Page; form: Frame }> => {
      const page = await browser.newPage({ viewport: { width: 760, height: 900 }, colorScheme: theme });
      page.on('pageerror', (error) => console.error(`pageerror: ${error.message}`));
      await page.goto(`${server.url}${url}${url.includes('?') ? '&' : '?'}theme=${theme}`);
      const form = await appFrame(page);
      await form.getByTestId('action-config').waitFor();
      await themed(form);
      return { page, form };
    };

    for (const theme of ['light', 'dark'] as const) {
      const { page, form } = await open('/modules/create-poll/', theme);
      await form.getByLabel('Question', { exact: true }).fill('How did the {{issue.key}} release go?');
      await form.getByLabel('Options', { exact: true }).fill('score');
      await form.getByRole('radio', { name: 'Once the poll is closed' }).check();
      await form.getByLabel('Voters may add a comment').check();
      await form.getByLabel('Close after (days, optional)').fill('7');
      await page.locator('#forge-action-next').click();
      await page.locator('#forge-action-config[data-state="saved"]').waitFor();
      await shoot(page, theme === 'light' ? 'automation-create-poll' : 'automation-create-poll-dark');
      await page.close();
    }
    for (const key of ['get-poll-results', 'close-poll']) {
      const { page, form } = await open(`/modules/${key}/`);
      await form.getByLabel('Poll (optional)').fill('{{createdQuorumPoll.pollId}}');
      await page.locator('#forge-action-next').click();
      await page.locator('#forge-action-config[data-state="saved"]').waitFor();
      await shoot(page, `automation-${key}`);
      await page.close();
    }

    await allowActions(runtime, { jiraProjects: ['PLAT', 'OPS'] });
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(`${server.url}/modules/quorum-jira-admin/#settings`);
    const admin = await appFrame(page);
    const section = admin.getByTestId('automation-settings');
    await section.waitFor();
    await admin.getByText('Platform (PLAT)').waitFor();
    await themed(admin);
    await page.waitForTimeout(600);
    await section.screenshot({ path: path.join(OUT_DIR, 'automation-settings.png') });
    console.log('docs/screenshots/automation-settings.png');
    await page.close();
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
