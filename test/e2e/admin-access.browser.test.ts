import { browserSuite, CONFLUENCE_SETTINGS_PAGE, JIRA_ADMIN_PAGE } from './admin-page';

describe('the admin page, as different users and themes, through the real @forge/bridge', () => {
  const { site, open } = browserSuite();

  it.each([JIRA_ADMIN_PAGE, CONFLUENCE_SETTINGS_PAGE])('opens on the Tokens tab for a site admin (%s)', async (path) => {
    const page = await open(path);
    await page.getByTestId('tokens-empty').waitFor();
    expect(await page.getByRole('tab', { selected: true }).textContent()).toBe('Tokens');
    expect(await page.getByRole('tab').allTextContents()).toEqual(['Tokens', 'Audit log', 'Settings', 'API']);
  });

  it.each([JIRA_ADMIN_PAGE, CONFLUENCE_SETTINGS_PAGE])(
    'tells a user who is not a site admin that only admins can manage Quorum (%s)',
    async (path) => {
      const page = await open(`${path}?accountId=local-user`);
      const message = page.getByTestId('forbidden');
      await message.waitFor();
      expect(await message.textContent()).toMatch(/Only site admins can manage Quorum/);
      expect(await page.getByRole('tab').count()).toBe(0);
      expect(await page.getByRole('table').count()).toBe(0);
    },
  );

  it('shows the web trigger URL, the OpenAPI link and ready examples on the API tab', async () => {
    const page = await open(`${JIRA_ADMIN_PAGE}#api`);
    const base = `${site().server.url}/x1/polls-api`;
    const url = page.getByTestId('web-trigger-url');
    await url.waitFor();
    expect(await url.textContent()).toBe(base);
    expect(await page.getByTestId('openapi-link').getAttribute('href')).toBe(`${base}/openapi.json`);
    expect(await page.getByTestId('example-team-voice').textContent()).toBe(
      `${base}?token=YOUR_TOKEN&type=polls&workspace=PLAT&content=PLAT-1`,
    );
    expect(await page.getByTestId('example-rest-list').textContent()).toContain(`'Authorization: Bearer YOUR_TOKEN'`);

    // The frame may not open windows: the link asks the host page, which asks the user first.
    page.page().once('dialog', (dialog) => void dialog.accept());
    const [opened] = await Promise.all([page.page().context().waitForEvent('page'), page.getByTestId('openapi-link').click()]);
    await opened.waitForLoadState();
    expect(opened.url()).toBe(`${base}/openapi.json`);
    await opened.close();

    const openapi = await fetch(`${base}/openapi.json`);
    expect(openapi.status).toBe(200);
    expect(await openapi.json()).toMatchObject({ openapi: expect.stringMatching(/^3\.1/) });
  });

  it('follows the host’s dark theme with the design tokens', async () => {
    const page = await open(`${JIRA_ADMIN_PAGE}?theme=dark`);
    await page.getByTestId('tokens-empty').waitFor();
    await page.waitForFunction(() => getComputedStyle(document.documentElement).getPropertyValue('--ds-surface').trim() !== '');
    expect(await page.evaluate(() => document.documentElement.getAttribute('data-color-mode'))).toBe('dark');
    const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    const [r, g, b] = (background.match(/\d+/g) ?? []).map(Number);
    expect((r ?? 255) + (g ?? 255) + (b ?? 255)).toBeLessThan(200);
  });

  it('opens the tab named in the address and keeps it there when switching', async () => {
    const page = await open(`${JIRA_ADMIN_PAGE}#settings`);
    await page.getByTestId('settings-form').waitFor();
    expect(await page.getByRole('tab', { selected: true }).textContent()).toBe('Settings');
    await page.getByTestId('tab-api').click();
    expect(new URL(page.url()).hash).toBe('#api');
  });
});
