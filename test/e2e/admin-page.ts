import type { Browser, Frame, Locator } from 'playwright-core';
import { startLocalServer, type LocalServer } from '../../local/http/server';
import type { LocalRuntime } from '../../local/runtime';
import { launchBrowser } from '../support/browser';
import { openModule, type ModulePage } from '../support/forge-page';
import { quorumRuntime } from '../support/quorum';

export const JIRA_ADMIN_PAGE = '/modules/quorum-jira-admin/';
export const CONFLUENCE_SETTINGS_PAGE = '/modules/quorum-confluence-settings/';

/** A fresh installation on the local runtime, served over HTTP, so tests share no state. */
export type Site = { runtime: LocalRuntime; server: LocalServer; close: () => Promise<void> };

export async function startSite(): Promise<Site> {
  const runtime = quorumRuntime();
  const server = await startLocalServer(runtime, { port: 0 });
  return {
    runtime,
    server,
    close: async () => {
      await server.close();
      await runtime.close();
    },
  };
}

/** An open admin page and every console error, page error and CSP violation it produced. */
export type AdminPage = ModulePage;

export async function openAdminPage(browser: Browser, site: Site, path = JIRA_ADMIN_PAGE): Promise<AdminPage> {
  return openModule(browser, `${site.server.url}${path}`);
}

export type BrowserSuite = {
  /** The installation of the current test: fresh for each one. */
  site: () => Site;
  /** Opens the admin page and answers its app frame; the test fails if the page logs an error or breaks the CSP. */
  open: (path?: string) => Promise<Frame>;
};

/**
 * One Chromium per test file, one fresh installation per test, and every page checked for
 * console errors, page errors and CSP violations after the test.
 */
export function browserSuite(): BrowserSuite {
  let browser: Browser | undefined;
  let site: Site | undefined;
  let pages: AdminPage[] = [];

  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });
  beforeEach(async () => {
    site = await startSite();
    pages = [];
  });
  afterEach(async () => {
    const problems = pages.flatMap((p) => p.problems);
    await Promise.all(pages.map((p) => p.page.close()));
    await site?.close();
    expect(problems).toEqual([]);
  });

  const current = (): Site => {
    if (!site) throw new Error('no site: call inside a test');
    return site;
  };
  return {
    site: current,
    open: async (path = JIRA_ADMIN_PAGE) => {
      if (!browser) throw new Error('no browser: call inside a test');
      const admin = await openAdminPage(browser, current(), path);
      pages.push(admin);
      return admin.app;
    },
  };
}

/** Waits until `locator` matches `count` elements (a list the page fetches again as the user types). */
export async function countBecomes(locator: Locator, count: number): Promise<void> {
  for (let attempt = 0; attempt < 200; attempt++) {
    if ((await locator.count()) === count) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`expected ${count} matches of ${locator.toString()}, found ${await locator.count()}`);
}

/** Picks an option in an Atlaskit Select (react-select) by its visible label. */
export async function chooseOption(page: Frame, inputId: string, label: string, search?: string): Promise<void> {
  const input = page.locator(`#${inputId}`);
  await input.focus();
  if (search !== undefined) await input.fill(search);
  else await input.press('ArrowDown');
  await page.getByRole('option', { name: label, exact: true }).click();
  // A multi-select keeps its menu open over the fields below; leaving the input closes it.
  await input.blur();
}

export function tokenRow(page: Frame, name: string): Locator {
  return page.getByTestId(/^token-row-/).filter({ has: page.getByTestId('token-name').getByText(name, { exact: true }) });
}

export type NewToken = {
  name: string;
  projects?: string[];
  operations?: 'Read only' | 'Read & write';
  expiry?: string;
};

/** Fills the Create token dialog; the caller submits it. */
export async function fillCreateDialog(page: Frame, token: NewToken): Promise<void> {
  await page.getByTestId('create-token').click();
  const dialog = page.getByTestId('create-token-dialog');
  await dialog.waitFor();
  await page.getByLabel('Name', { exact: true }).fill(token.name);
  for (const project of token.projects ?? ['Platform (PLAT)']) await chooseOption(page, 'token-scope', project, project.slice(0, 4));
  if (token.operations) await dialog.getByRole('radio', { name: new RegExp(`^${token.operations}`) }).check();
  if (token.expiry) await chooseOption(page, 'token-expiry', token.expiry);
}

/** Creates a token through the dialog and answers the plaintext the page reveals once. */
export async function createTokenInUi(page: Frame, token: NewToken): Promise<string> {
  await fillCreateDialog(page, token);
  await page.getByTestId('create-token-submit').click();
  const revealed = page.getByTestId('revealed-token');
  await revealed.waitFor();
  return (await revealed.textContent()) ?? '';
}

export async function closeReveal(page: Frame): Promise<void> {
  await page.getByTestId('token-reveal-done').click();
  await page.getByTestId('token-reveal').waitFor({ state: 'detached' });
}

/** POST on the web trigger, Team Voice style: a poll on PLAT-1. */
export async function createPollWithToken(site: Site, token: string, title: string): Promise<Response> {
  const query = new URLSearchParams({ token, type: 'polls', workspace: 'PLAT', content: 'PLAT-1' });
  return fetch(`${site.server.url}/x1/polls-api?${query.toString()}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ title, options: [{ title: 'Yes' }, { title: 'No' }] }),
  });
}

/** GET on the web trigger, Team Voice style, with the token in the query. */
export async function getPollsWithToken(site: Site, token: string): Promise<Response> {
  const query = new URLSearchParams({ token, type: 'polls', workspace: 'PLAT', content: 'PLAT-1' });
  return fetch(`${site.server.url}/x1/polls-api?${query.toString()}`);
}
