// Screenshots of every tab of the admin page and of the poll panel and macro, light and dark, for docs/screenshots.
//   npm run build:ui && node --import tsx scripts/screenshots.ts
import { mkdir } from 'node:fs/promises';
import type { Browser } from 'playwright-core';
import { startLocalServer } from '../local/http/server';
import { LocalRuntime } from '../local/runtime';
import { seedLivedInSite } from '../test/e2e/seed';
import { launchBrowser } from '../test/support/browser';
import { appFrame } from '../test/support/forge-page';
import { callPolls, type Place } from '../test/support/poll-ui';
import { OUT_DIR, shoot, themed } from './screenshot-kit';

const ADMIN_PAGE = '/modules/quorum-jira-admin/';
const THEMES = ['light', 'dark'] as const;
const TABS: ReadonlyArray<{ id: string; ready: string }> = [
  { id: 'tokens', ready: 'tokens-table--table' },
  { id: 'audit', ready: 'audit-table--table' },
  { id: 'settings', ready: 'settings-form' },
  { id: 'api', ready: 'web-trigger-url' },
];

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
        // Only the hash differs between tabs: without a blank page between, the browser would not load the page again.
        await page.goto('about:blank');
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
    await shootPolls(runtime, server.url, browser);
  } finally {
    await browser.close();
    await server.close();
    await runtime.close();
  }
}

/** Polls with votes from the fixture's voters: the issue panel and a macro on a page. */
async function shootPolls(runtime: LocalRuntime, baseUrl: string, browser: Browser): Promise<void> {
  const issue: Place = { issueKey: 'PLAT-1' };
  const page: Place = { pageId: '2001', localId: 'macro-retro' };
  const create = async (place: Place, poll: Record<string, unknown>): Promise<string> => {
    const result = await callPolls(runtime, 'local-user', place, 'polls/create', { poll });
    if (!result.ok) throw new Error(result.error.message);
    return result.data.poll.id;
  };
  const votes = async (place: Place, pollId: string, choices: string[][]): Promise<void> => {
    for (const [index, optionIds] of choices.entries()) {
      await callPolls(runtime, `voter-${String(index + 1).padStart(3, '0')}`, place, 'polls/vote', { pollId, optionIds });
    }
  };
  const release = await create(issue, {
    title: 'Which release train should PLAT-1 ship on?',
    description: 'The fix is ready; QA needs two days either way.',
    options: [{ title: 'This Thursday' }, { title: 'Next Tuesday' }, { title: 'After the freeze' }],
    settings: { endDate: new Date(Date.now() + 3 * 86_400_000).toISOString().replace(/\.\d{3}Z$/, 'Z'), saveParticipantNames: true },
  });
  await votes(issue, release, [['1'], ['1'], ['2'], ['1'], ['3'], ['2'], ['1']]);
  await create(issue, {
    title: 'How confident are you in the estimate?',
    options: ['1', '2', '3', '4', '5'].map((title) => ({ title })),
    settings: { resultsVisibility: 'afterVote' },
  });
  const retro = await create(page, {
    title: 'Retro format for next sprint?',
    options: [{ title: 'Start / Stop / Continue' }, { title: 'Sailboat' }, { title: '4Ls' }],
    settings: { allowSelectionOfMultipleOptions: true },
  });
  await votes(page, retro, [['1', '2'], ['2'], ['2', '3'], ['1']]);

  for (const theme of THEMES) {
    const tab = await browser.newPage({ viewport: { width: 420, height: 900 }, colorScheme: theme });
    tab.on('pageerror', (error) => console.error(`pageerror: ${error.message}`));
    await tab.goto(`${baseUrl}/modules/quorum-issue-panel/?issueKey=PLAT-1&accountId=local-user&theme=${theme}`);
    const panel = await appFrame(tab);
    await panel.getByTestId('poll-results').first().waitFor();
    await themed(panel);
    await shoot(tab, `issue-panel-${theme}`);
    if (theme === 'light') {
      await panel.getByTestId('results-view-toggle').first().click();
      await panel.getByTestId('show-voters').first().click();
      await panel.getByTestId('voters-list').waitFor();
      await shoot(tab, 'poll-results-table');
      await tab.setViewportSize({ width: 1000, height: 900 });
      await panel.getByTestId('create-poll').click();
      await panel.getByTestId('template-score').click(); // headless Chromium has no emoji font for the Stars template
      await panel.getByTestId('editor-title-input').fill('How did the release go?');
      await shoot(tab, 'create-poll');
    }
    await tab.close();
  }
  const tab = await browser.newPage({ viewport: { width: 760, height: 520 } });
  await tab.goto(`${baseUrl}/modules/quorum-poll-macro/?pageId=2001&localId=macro-retro&accountId=local-viewer`);
  const macro = await appFrame(tab);
  await macro.getByTestId('poll-card').waitFor();
  await themed(macro);
  await shoot(tab, 'confluence-macro');
  await tab.close();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
