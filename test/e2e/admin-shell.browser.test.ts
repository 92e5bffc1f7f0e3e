import type { Browser, Page } from 'playwright-core';
import { startLocalServer, type LocalServer } from '../../local/http/server';
import { LocalRuntime } from '../../local/runtime';
import { launchBrowser } from '../support/browser';

const ADMIN_PAGES = ['quorum-jira-admin', 'quorum-confluence-settings'];

describe('the admin page in headless Chromium, through the local runtime and the real @forge/bridge', () => {
  let runtime: LocalRuntime;
  let server: LocalServer;
  let browser: Browser;

  beforeAll(async () => {
    runtime = new LocalRuntime();
    server = await startLocalServer(runtime, { port: 0 });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await runtime?.close();
  });

  /** Opens a page and collects every console error and page error, CSP violations included. */
  async function open(path: string): Promise<{ page: Page; problems: string[] }> {
    const page = await browser.newPage();
    const problems: string[] = [];
    page.on('console', (message) => message.type() === 'error' && problems.push(message.text()));
    page.on('pageerror', (error) => problems.push(error.message));
    await page.goto(`${server.url}${path}`);
    return { page, problems };
  }

  it.each(ADMIN_PAGES)('shows an admin the web trigger URL that the resolver answered (%s)', async (moduleKey) => {
    const { page, problems } = await open(`/modules/${moduleKey}/`);
    await expect(page.getByTestId('web-trigger-url').textContent()).resolves.toBe(`${server.url}/x1/polls-api`);
    expect(problems).toEqual([]);
    await page.close();
  });

  it('tells a user who is not a site admin that only admins can manage Quorum', async () => {
    const { page, problems } = await open('/modules/quorum-jira-admin/?accountId=local-user');
    await expect(page.getByTestId('error').textContent()).resolves.toMatch(/site admins/i);
    await expect(page.getByTestId('web-trigger-url').count()).resolves.toBe(0);
    expect(problems).toEqual([]);
    await page.close();
  });
});
