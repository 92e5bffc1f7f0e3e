import { readFile } from 'node:fs/promises';
import type { Frame } from 'playwright-core';
import { mintToken } from '../support/quorum';
import { browserSuite, chooseOption, createPollWithToken, getPollsWithToken } from './admin-page';

async function openAuditTab(page: Frame): Promise<void> {
  await page.getByTestId('tab-audit').click();
  await page.getByTestId('audit-row').first().waitFor();
}

/** Outcome of every listed row, top to bottom (newest first). */
function outcomes(page: Frame): Promise<string[]> {
  return page
    .getByTestId('audit-row')
    .evaluateAll((rows) => rows.map((row) => row.querySelector('[data-testid^="outcome-"]')?.getAttribute('data-testid') ?? ''));
}

describe('Audit log tab', () => {
  const { site, open } = browserSuite();

  it('lists the API calls made with tokens and the token lifecycle, newest first', async () => {
    const { token } = await mintToken(site().runtime, { name: 'Audited rule' });
    const page = await open();
    await page.getByTestId('tokens-table--table').waitFor();
    expect((await getPollsWithToken(site(), token)).status).toBe(200);
    expect((await getPollsWithToken(site(), 'qrm_garbage')).status).toBe(401);

    await openAuditTab(page);
    await page.getByTestId('audit-row').nth(2).waitFor();
    // Reads and refusals of unknown tokens are counts per minute, dated by their minute's start.
    const listed = await outcomes(page);
    expect(listed[0]).toBe('outcome-token_created');
    expect(listed.slice(1).sort()).toEqual(['outcome-invalid_token', 'outcome-read']);
    const reads = page.getByTestId('audit-row').filter({ has: page.getByTestId('outcome-read') });
    expect(await reads.textContent()).toMatch(/Reads.*Audited rule.*1 × read.*PLAT/);
    const refused = page.getByTestId('audit-row').filter({ has: page.getByTestId('outcome-invalid_token') });
    expect(await refused.textContent()).toMatch(/Invalid token.*1 × read.*Not a Quorum token/);
  });

  it('shows new events each time the tab is opened again', async () => {
    const { token } = await mintToken(site().runtime, { name: 'Busy rule' });
    const page = await open('/modules/quorum-jira-admin/#audit');
    await page.getByTestId('audit-row').first().waitFor();
    expect(await outcomes(page)).toEqual(['outcome-token_created']);

    await getPollsWithToken(site(), token);
    await page.getByTestId('tab-tokens').click();
    await page.getByTestId('tab-audit').click();
    await page.getByTestId('audit-row').nth(1).waitFor();
    // A count is dated by its minute's start, so whether it lists above or below depends on the clock.
    expect((await outcomes(page)).sort()).toEqual(['outcome-read', 'outcome-token_created']);
  });

  it('filters by outcome and by token on the server', async () => {
    const first = await mintToken(site().runtime, { name: 'First' });
    const second = await mintToken(site().runtime, { name: 'Second' });
    await getPollsWithToken(site(), first.token);
    await getPollsWithToken(site(), second.token);
    await getPollsWithToken(site(), 'qrm_nope');
    const page = await open();
    await openAuditTab(page);

    await chooseOption(page, 'audit-outcome-filter', 'Reads');
    await page.getByTestId('audit-count').getByText('2 events loaded').waitFor();
    expect(await outcomes(page)).toEqual(['outcome-read', 'outcome-read']);

    await chooseOption(page, 'audit-token-filter', `Second (${second.tokenView.hint})`);
    await page.getByTestId('audit-count').getByText('1 event loaded').waitFor();
    expect(await page.getByTestId('audit-row').textContent()).toContain('Second');

    await chooseOption(page, 'audit-outcome-filter', 'All outcomes');
    await page.getByTestId('audit-count').getByText('2 events loaded').waitFor();
    expect((await outcomes(page)).sort()).toEqual(['outcome-read', 'outcome-token_created']);
  });

  it('narrows the loaded events to a time range in the page', async () => {
    await mintToken(site().runtime, { name: 'Recent' });
    const page = await open();
    await openAuditTab(page);
    await chooseOption(page, 'audit-range-filter', 'Last hour');
    expect(await page.getByTestId('audit-row').count()).toBe(1);
    // Shift the page's clock two hours ahead: the same event is now outside the last hour.
    await page.page().clock.install({ time: Date.now() + 2 * 60 * 60 * 1000 });
    await chooseOption(page, 'audit-range-filter', 'Last 24 hours');
    await chooseOption(page, 'audit-range-filter', 'Last hour');
    await page.getByTestId('audit-empty').waitFor();
    expect(await page.getByTestId('audit-count').textContent()).toBe('0 of 1 loaded events in this time range');
  });

  it('loads older events with Load more', async () => {
    const { token } = await mintToken(site().runtime, { name: 'Chatty' });
    for (let i = 0; i < 54; i++) expect((await createPollWithToken(site(), token, `Question ${i}`)).status).toBe(200);
    const page = await open();
    await openAuditTab(page);
    expect(await page.getByTestId('audit-row').count()).toBe(50);
    await page.getByTestId('audit-load-more').click();
    await page.getByTestId('audit-count').getByText('55 events loaded').waitFor();
    expect((await outcomes(page)).at(-1)).toBe('outcome-token_created');
    expect(await page.getByTestId('audit-load-more').count()).toBe(0);
  });

  it('exports the loaded events as CSV', async () => {
    const { token, tokenView } = await mintToken(site().runtime, { name: 'Export, "quoted" rule' });
    await getPollsWithToken(site(), token);
    const page = await open();
    await openAuditTab(page);

    const [download] = await Promise.all([page.page().waitForEvent('download'), page.getByTestId('audit-export').click()]);
    expect(download.suggestedFilename()).toMatch(/^quorum-audit-\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}\.csv$/);
    const csv = await readFile(await download.path(), 'utf8');
    const lines = csv.split('\r\n');
    expect(lines[0]).toBe('time,outcome,count,token_id,token_name,actor,reason,method,operation,workspace,poll_id,rule');
    expect(lines).toHaveLength(4); // header, two events, and the final line end
    const created = lines.find((line) => line.includes(',token_created,'));
    const read = lines.find((line) => line.includes(',read,'));
    expect(created).toMatch(new RegExp(`^\\S+,token_created,,${tokenView.id},"Export, ""quoted"" rule",local-admin,,,,,,$`));
    expect(read).toMatch(new RegExp(`^\\S+,read,1,${tokenView.id},"Export, ""quoted"" rule",,,,read,PLAT,,$`));
    expect(lines[3]).toBe('');
  });
});
