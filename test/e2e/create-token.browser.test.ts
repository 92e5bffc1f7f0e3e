import type { Frame } from 'playwright-core';
import type { Policy } from '../../src/shared/tokens';
import { reloadApp } from '../support/forge-page';
import { callResolver, mintToken, unwrap } from '../support/quorum';
import { browserSuite, chooseOption, fillCreateDialog } from './admin-page';

const DAY_MS = 24 * 60 * 60 * 1000;

/** Options of an Atlaskit Select, read by opening its menu. */
async function optionsOf(page: Frame, inputId: string): Promise<string[]> {
  const input = page.locator(`#${inputId}`);
  await input.focus();
  await input.press('ArrowDown');
  const options = page.getByRole('option');
  await options.first().waitFor();
  const labels = await options.allTextContents();
  await input.press('Escape');
  return labels;
}

function localIsoDate(at: Date): string {
  return `${at.getFullYear()}-${String(at.getMonth() + 1).padStart(2, '0')}-${String(at.getDate()).padStart(2, '0')}`;
}

describe('the Create token dialog', () => {
  const { site, open } = browserSuite();

  async function setPolicy(patch: Partial<Policy>): Promise<void> {
    const { policy } = unwrap(await callResolver(site().runtime, 'settings/get', {}));
    unwrap(await callResolver(site().runtime, 'settings/update', { policy: { ...policy, ...patch } }));
  }

  it('shows the resolver’s error on the name field when the name is taken', async () => {
    await mintToken(site().runtime, { name: 'Nightly export' });
    const page = await open();
    await fillCreateDialog(page, { name: ' nightly EXPORT ' });
    await page.getByTestId('create-token-submit').click();
    const error = page.getByTestId('token-name-error');
    await error.waitFor();
    expect(await error.textContent()).toMatch(/already has this name/);
    expect(await page.getByLabel('Name', { exact: true }).getAttribute('aria-describedby')).toContain('token-name-error');
    expect(await page.getByTestId('revealed-token').count()).toBe(0);
  });

  it('refuses a custom expiry date in the past, on the date field', async () => {
    const page = await open();
    await fillCreateDialog(page, { name: 'Time traveller', expiry: 'Custom date' });
    const date = page.locator('#token-expiry-date');
    await date.fill(localIsoDate(new Date(Date.now() - 2 * DAY_MS)));
    await date.press('Enter');
    await page.getByTestId('create-token-submit').click();
    const error = page.getByTestId('token-expiry-date-error');
    await error.waitFor();
    expect(await error.textContent()).toMatch(/in the future/);
  });

  it('creates a token that expires on a custom date', async () => {
    const page = await open();
    await fillCreateDialog(page, { name: 'Quarter end', expiry: 'Custom date' });
    const target = new Date(Date.now() + 10 * DAY_MS);
    const date = page.locator('#token-expiry-date');
    await date.fill(localIsoDate(target));
    await date.press('Enter');
    await page.getByTestId('create-token-submit').click();
    await page.getByTestId('revealed-token').waitFor();
    const { tokens } = unwrap(await callResolver(site().runtime, 'tokens/list', {}));
    const expiresAt = new Date(tokens[0]?.expiresAt ?? '');
    expect(localIsoDate(expiresAt)).toBe(localIsoDate(target));
  });

  it('asks for a project or space, and for a name, before calling the resolver', async () => {
    const page = await open();
    await page.getByTestId('create-token').click();
    await page.getByTestId('create-token-submit').click();
    await page.getByTestId('token-name-error').getByText('Enter a name.').waitFor();
    await page.getByTestId('token-scope-error').getByText('Choose at least one project or space.').waitFor();
  });

  it('needs at least one operation when the operations are custom', async () => {
    const page = await open();
    await fillCreateDialog(page, { name: 'Nothing allowed' });
    await page.getByRole('radio', { name: 'Custom' }).check();
    await page.getByRole('checkbox', { name: 'Read' }).uncheck();
    await page.getByTestId('create-token-submit').click();
    await page.getByTestId('token-operations-error').getByText('Choose at least one operation.').waitFor();
  });

  it('creates a token with custom operations on a Confluence space', async () => {
    const page = await open();
    await fillCreateDialog(page, { name: 'Wiki voter', projects: ['Engineering (ENG)'] });
    await page.getByRole('radio', { name: 'Custom' }).check();
    await page.getByRole('checkbox', { name: 'Create' }).check();
    await page.getByTestId('create-token-submit').click();
    await page.getByTestId('revealed-token').waitFor();
    expect(await page.getByTestId('automation-url').textContent()).toMatch(/workspace=1001&content=\{\{page\.id\}\}&container=MACRO_ID$/);
    const { tokens } = unwrap(await callResolver(site().runtime, 'tokens/list', {}));
    expect(tokens[0]?.scope).toEqual({ jiraProjects: [], confluenceSpaces: ['1001'], anyWorkspace: false, operations: ['read', 'create'] });
  });

  it('offers only the expiry presets within the policy’s maximum lifetime, and "never" only when allowed', async () => {
    let page = await open();
    await page.getByTestId('create-token').click();
    expect(await optionsOf(page, 'token-expiry')).toEqual(['7 days', '30 days', '90 days', '1 year', 'Custom date']);
    await page.getByRole('button', { name: 'Cancel' }).click();

    await setPolicy({ maxLifetimeDays: 60, allowNeverExpires: true });
    page = await reloadApp(page);
    await page.getByTestId('create-token').click();
    expect(await optionsOf(page, 'token-expiry')).toEqual(['7 days', '30 days', '60 days', 'Custom date', 'Never']);
    await page.getByText('The policy allows at most 60 days.', { exact: false }).waitFor();
  });

  it('offers "any project or space" only when the policy allows it, with a warning', async () => {
    let page = await open();
    await page.getByTestId('create-token').click();
    expect(await page.getByRole('radio', { name: 'Any project or space' }).count()).toBe(0);
    await page.getByRole('button', { name: 'Cancel' }).click();

    await setPolicy({ allowAnyWorkspace: true });
    page = await reloadApp(page);
    await page.getByTestId('create-token').click();
    await page.getByLabel('Name', { exact: true }).fill('Everywhere');
    await page.getByRole('radio', { name: 'Any project or space' }).check();
    expect(await page.getByTestId('any-workspace-warning').textContent()).toMatch(/every Jira project and Confluence space/);
    await page.getByTestId('create-token-submit').click();
    await page.getByTestId('revealed-token').waitFor();
    expect(await page.getByTestId('automation-url').textContent()).toMatch(/workspace=\{\{issue\.project\.key\}\}/);
  });

  it('can be used with the keyboard alone', async () => {
    const page = await open();
    await page.getByTestId('create-token').focus();
    await page.page().keyboard.press('Enter');
    await page.getByTestId('create-token-dialog').waitFor();
    await page.page().keyboard.type('Keyboard rule');
    await page.page().keyboard.press('Tab');
    await page.page().keyboard.type('Ops');
    await page.page().keyboard.press('Enter');
    await page.getByLabel('Name', { exact: true }).focus();
    await page.page().keyboard.press('Enter');
    await page.getByTestId('revealed-token').waitFor();
    await page.page().keyboard.press('Escape');
    await page.getByTestId('token-reveal').waitFor({ state: 'detached' });
    const { tokens } = unwrap(await callResolver(site().runtime, 'tokens/list', {}));
    expect(tokens.map((t) => [t.name, t.scope.jiraProjects])).toEqual([['Keyboard rule', ['OPS']]]);
  });

  it('labels every control', async () => {
    const page = await open();
    await page.getByTestId('create-token').click();
    await page.getByRole('radio', { name: 'Custom' }).check();
    await chooseOption(page, 'token-expiry', 'Custom date');
    const unlabelled = await page.getByTestId('create-token-dialog').evaluate((dialog) =>
      [...dialog.querySelectorAll('input, button, select, textarea')]
        .filter((el) => {
          const input = el as HTMLInputElement;
          if (input.type === 'hidden' || input.getAttribute('aria-hidden') === 'true') return false;
          const byLabel = input.labels !== null && input.labels.length > 0;
          return !byLabel && !el.getAttribute('aria-label') && !el.getAttribute('aria-labelledby') && (el.textContent ?? '').trim() === '';
        })
        .map((el) => el.outerHTML.slice(0, 120)),
    );
    expect(unlabelled).toEqual([]);
  });
});
