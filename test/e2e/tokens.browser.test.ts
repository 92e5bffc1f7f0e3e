import { mintToken } from '../support/quorum';
import { browserSuite, closeReveal, countBecomes, createTokenInUi, getPollsWithToken, tokenRow } from './admin-page';

describe('Tokens tab, in headless Chromium over the local runtime', () => {
  const { site, open } = browserSuite();

  it('explains what tokens are for when there are none', async () => {
    const page = await open();
    const empty = page.getByTestId('tokens-empty');
    await empty.waitFor();
    expect(await empty.textContent()).toMatch(/Jira Automation rules/);
  });

  it('creates a token and shows it once, with the trigger URL, curl and Automation settings', async () => {
    const page = await open();
    const token = await createTokenInUi(page, { name: 'Retro rule', operations: 'Read & write' });

    expect(token).toMatch(/^qrm_[0-9A-Za-z]{36}$/);
    const base = `${site().server.url}/x1/polls-api`;
    expect(await page.getByTestId('revealed-trigger-url').textContent()).toBe(
      `${base}?token=${token}&type=polls&workspace=PLAT&content={{issue.key}}`,
    );
    expect(await page.getByTestId('revealed-curl').textContent()).toBe(
      `curl -H 'Authorization: Bearer ${token}' \\\n  '${base}/polls?workspace=PLAT&content=PLAT-1'`,
    );
    expect(await page.getByTestId('automation-url').textContent()).toBe(`${base}?type=polls&workspace=PLAT&content={{issue.key}}`);
    expect(await page.getByTestId('automation-method').textContent()).toBe('POST');
    expect(await page.getByTestId('automation-header-authorization').textContent()).toBe(`Bearer ${token}`);
    expect(await page.getByTestId('automation-header-content-type').textContent()).toBe('application/json');
    expect(JSON.parse((await page.getByTestId('automation-body').textContent()) ?? '')).toMatchObject({
      title: expect.stringContaining('{{issue.key}}'),
      options: expect.arrayContaining([{ id: '1', title: '⭐' }]),
    });
    expect(await page.getByTestId('shown-once-warning').textContent()).toMatch(/you won't see it again/i);

    await closeReveal(page);
    expect(await tokenRow(page, 'Retro rule').textContent()).toMatch(/PLAT.*Read & write.*Active/);
    // Gone for good: nothing on the page holds the secret once the panel is closed.
    expect(await page.content()).not.toContain(token);
  });

  it('copies the token with the Copy button', async () => {
    const page = await open();
    await page.page().context().grantPermissions(['clipboard-read', 'clipboard-write']);
    const token = await createTokenInUi(page, { name: 'Copied' });
    await page.getByTestId('revealed-token-copy').click();
    await page.getByTestId('revealed-token-copy').getByText('Copied').waitFor();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(token);
  });

  it('reveals a token that the web trigger accepts (200 on GET polls)', async () => {
    const page = await open();
    const token = await createTokenInUi(page, { name: 'Works', operations: 'Read & write' });
    const response = await getPollsWithToken(site(), token);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual(expect.any(Array));
  });

  it('revokes a token after confirmation, and the web trigger then answers 401', async () => {
    const { token } = await mintToken(site().runtime, { name: 'Doomed' });
    expect((await getPollsWithToken(site(), token)).status).toBe(200);
    const page = await open();
    const row = tokenRow(page, 'Doomed');
    await row.getByTestId('revoke-token').click();
    await page.getByTestId('revoke-dialog-confirm').click();
    await row.getByTestId('status-revoked').waitFor();
    await page.getByTestId('flag').getByText('Token “Doomed” revoked').waitFor();

    expect((await getPollsWithToken(site(), token)).status).toBe(401);
  });

  it('keeps a token when the revoke dialog is cancelled', async () => {
    const { token } = await mintToken(site().runtime, { name: 'Spared' });
    const page = await open();
    await tokenRow(page, 'Spared').getByTestId('revoke-token').click();
    await page.getByRole('button', { name: 'Cancel' }).click();
    await page.getByTestId('revoke-dialog').waitFor({ state: 'detached' });
    await tokenRow(page, 'Spared').getByTestId('status-active').waitFor();
    expect((await getPollsWithToken(site(), token)).status).toBe(200);
  });

  it('rotates a token: a new secret is revealed and the old one is listed as revoked', async () => {
    const { token: oldToken } = await mintToken(site().runtime, { name: 'Spinning' });
    const page = await open();
    await tokenRow(page, 'Spinning').getByTestId('rotate-token').click();
    await page.getByTestId('rotate-dialog-confirm').click();
    const newToken = (await page.getByTestId('revealed-token').textContent()) ?? '';
    expect(newToken).toMatch(/^qrm_/);
    expect(newToken).not.toBe(oldToken);
    await closeReveal(page);

    const rows = tokenRow(page, 'Spinning');
    await rows.getByTestId('status-revoked').waitFor();
    await rows.getByTestId('status-active').waitFor();
    expect((await getPollsWithToken(site(), oldToken)).status).toBe(401);
    expect((await getPollsWithToken(site(), newToken)).status).toBe(200);
  });

  it('revokes every token only after "REVOKE ALL" is typed', async () => {
    await mintToken(site().runtime, { name: 'One' });
    await mintToken(site().runtime, { name: 'Two' });
    const page = await open();
    await tokenRow(page, 'Two').waitFor();
    await page.getByTestId('revoke-all').click();
    const confirm = page.getByTestId('revoke-all-dialog-confirm');
    const phrase = page.getByLabel('Type REVOKE ALL to confirm');
    expect(await confirm.isDisabled()).toBe(true);
    await phrase.fill('revoke all');
    expect(await confirm.isDisabled()).toBe(true);
    await phrase.fill('REVOKE ALL');
    await confirm.click();
    await page.getByTestId('flag').getByText('2 tokens revoked').waitFor();
    await tokenRow(page, 'One').getByTestId('status-revoked').waitFor();
    await tokenRow(page, 'Two').getByTestId('status-revoked').waitFor();
    expect(await page.getByTestId('revoke-all').isDisabled()).toBe(true);
  });

  it('finds tokens by the start of their name and filters them by status, on the server', async () => {
    await mintToken(site().runtime, { name: 'Alpha rule' });
    await mintToken(site().runtime, { name: 'Alpine rule' });
    await mintToken(site().runtime, { name: 'Beta rule' });
    const { tokenView } = await mintToken(site().runtime, { name: 'Gamma script' });
    await site().runtime.invokeResolver({
      moduleKey: 'quorum-jira-admin',
      functionKey: 'tokens/revoke',
      payload: { id: tokenView.id },
      accountId: 'local-admin',
    });
    const page = await open();
    const names = page.getByTestId('token-name');
    const search = page.getByLabel('Search tokens by name');
    await tokenRow(page, 'Gamma script').waitFor();

    await search.fill('ALP');
    await countBecomes(names, 2);
    expect(await names.allTextContents()).toEqual(['Alpha rule', 'Alpine rule']);

    await search.fill('');
    const statusFilter = page.getByRole('group', { name: 'Filter tokens by status' });
    await statusFilter.getByRole('button', { name: 'Revoked', exact: true }).click();
    await countBecomes(names, 1);
    expect(await statusFilter.getByRole('button', { pressed: true }).allTextContents()).toEqual(['Revoked']);
    expect(await names.allTextContents()).toEqual(['Gamma script']);

    await search.fill('alpha');
    await page.getByTestId('tokens-no-match').waitFor();
  });

  it('marks a token that expires within 7 days as expiring soon', async () => {
    await mintToken(site().runtime, { name: 'Soon', expiresAt: new Date(Date.now() + 3 * 24 * 60 * 60 * 1000).toISOString() });
    await mintToken(site().runtime, { name: 'Later', expiresAt: new Date(Date.now() + 30 * 24 * 60 * 60 * 1000).toISOString() });
    const page = await open();
    await tokenRow(page, 'Soon').getByTestId('status-expiring').waitFor();
    await tokenRow(page, 'Later').getByTestId('status-active').waitFor();
  });
});
