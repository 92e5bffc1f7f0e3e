import { readFile } from 'node:fs/promises';
import type { Frame } from 'playwright-core';
import type { TokenScope } from '../../src/shared/tokens';
import { callPolls } from '../support/poll-ui';
import { mintToken, unwrap } from '../support/quorum';
import { browserSuite } from './admin-page';
import { card, ENG_PAGE, PLAT_1, pollPagePath, resultRows, seedPoll, voteAs, voteInUi } from './poll-page';

const EDITOR = 'local-user'; // edits PLAT issues and ENG pages

/** Opens the editor from the Create button and picks a template. */
async function startPoll(page: Frame, template: string, question: string): Promise<void> {
  await page.getByTestId('create-poll').click();
  await page.getByTestId('poll-editor').waitFor();
  await page.getByTestId(`template-${template}`).click();
  await page.getByTestId('editor-title-input').fill(question);
}

async function save(page: Frame): Promise<void> {
  await page.getByTestId('editor-save').click();
  await page.getByTestId('poll-editor').waitFor({ state: 'detached' });
}

/**
 * Managing polls as an editor (`local-user` edits PLAT and ENG), the Confluence macro, live
 * results and polls made through the web trigger: headless Chromium over the local runtime.
 */
describe('the issue panel and the macro, as an editor', () => {
  const { site, open } = browserSuite();
  const openPanel = () => open(pollPagePath(PLAT_1, EDITOR));

  it('creates a poll from a template, with its settings, and shows it at once', async () => {
    const page = await openPanel();
    expect(await page.getByTestId('polls-empty').innerText()).toMatch(/Ask a question/);
    await startPoll(page, 'score', 'How was the sprint?');
    expect(await page.getByTestId('editor-option-4').inputValue()).toBe('5');
    await page.getByTestId('setting-revote--checkbox-label').click();
    await page.getByTestId('visibility-afterVote--radio-label').click();
    await save(page);

    const it = card(page, 'How was the sprint?');
    expect(await it.getByRole('radio').count()).toBe(5);
    // Its managers see the results at once; the others after their vote (the viewer tests show it).
    await it.getByTestId('poll-results').waitFor();
    const stored = unwrap(await callPolls(site().runtime, EDITOR, PLAT_1, 'polls/list', {})).polls;
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({
      title: 'How was the sprint?',
      options: ['1', '2', '3', '4', '5'].map((title) => ({ title })),
      settings: { allowRevote: true, resultsVisibility: 'afterVote', allowSelectionOfMultipleOptions: false },
    });
  });

  it('shows what is wrong with a poll it cannot save, and saves nothing', async () => {
    const page = await openPanel();
    await page.getByTestId('create-poll').click();
    await page.getByTestId('editor-title-input').fill('Lunch?');
    await page.getByTestId('editor-option-0').fill('Pizza');
    await page.getByTestId('editor-save').click(); // the second option is still empty
    expect(await page.getByTestId('editor-options-error').innerText()).toBe('Option 2: must be 1–255 characters.');
    expect(unwrap(await callPolls(site().runtime, EDITOR, PLAT_1, 'polls/list', {})).polls).toEqual([]);
  });

  it('edits a poll that has votes: warns, and a renamed option keeps its votes', async () => {
    const poll = await seedPoll(site(), {}, ['Yes', 'No']);
    await voteAs(site(), 'voter-001', poll, ['1']);
    const page = await openPanel();
    await card(page, 'Ship on Friday?').getByTestId('edit-poll').click();
    await page.getByTestId('editor-votes-warning').waitFor();
    await page.getByTestId('editor-option-0').fill('Yes, ship it');
    await page.getByTestId('editor-title-input').fill('Ship this Friday?');
    await save(page);
    expect(await resultRows(card(page, 'Ship this Friday?'))).toEqual([
      ['Yes, ship it', '100% · 1 vote'],
      ['No', '0% · 0 votes'],
    ]);
  });

  it('closes and reopens a poll', async () => {
    await seedPoll(site());
    const page = await openPanel();
    const it = card(page, 'Ship on Friday?');
    await it.getByTestId('toggle-status').click();
    await it.getByText('Closed', { exact: true }).waitFor();
    await it.getByTestId('poll-closed-note').waitFor();
    expect(await it.getByTestId('toggle-status').innerText()).toBe('Reopen');
    await it.getByTestId('toggle-status').click();
    await it.getByText('Open', { exact: true }).waitFor();
    await it.getByRole('radio', { name: 'Yes' }).waitFor();
  });

  it('deletes a poll only after confirmation, and its votes with it', async () => {
    const poll = await seedPoll(site());
    await voteAs(site(), 'voter-001', poll, ['1']);
    const page = await openPanel();
    const it = card(page, 'Ship on Friday?');
    await it.getByTestId('delete-poll').click();
    await page.getByRole('button', { name: 'Cancel' }).click();
    await page.getByTestId('delete-dialog').waitFor({ state: 'detached' });
    expect(await it.count()).toBe(1);

    await it.getByTestId('delete-poll').click();
    expect(await page.getByTestId('delete-dialog').innerText()).toContain('“Ship on Friday?” and all its votes will be deleted');
    await page.getByTestId('delete-dialog-confirm').click();
    await it.waitFor({ state: 'detached' });
    await page.getByTestId('polls-empty').waitFor();
    expect(unwrap(await callPolls(site().runtime, EDITOR, PLAT_1, 'polls/list', {})).polls).toEqual([]);
    expect(Object.keys(await site().runtime.storedData()).filter((key) => key.includes(poll.id))).toEqual([]);
  });

  it('duplicates a poll into a new one with the same options and settings', async () => {
    await seedPoll(site(), { allowSelectionOfMultipleOptions: true });
    const page = await openPanel();
    await card(page, 'Ship on Friday?').getByTestId('duplicate-poll').click();
    expect(await page.getByTestId('editor-title-input').inputValue()).toBe('Ship on Friday? (copy)');
    expect(await page.getByTestId('setting-multiple--hidden-checkbox').isChecked()).toBe(true);
    await save(page);
    expect(await card(page, 'Ship on Friday? (copy)').getByRole('checkbox').count()).toBe(3);
    expect(await page.getByTestId('poll-card').count()).toBe(2);
  });

  it('exports results, and the votes of a named poll, as CSV with formulas defused', async () => {
    const poll = await seedPoll(site(), { saveParticipantNames: true, allowComment: true }, ['=HYPERLINK("http://x")', 'No']);
    unwrap(
      await callPolls(site().runtime, 'voter-001', PLAT_1, 'polls/vote', { pollId: poll.id, optionIds: ['1'], comment: ' \t+cmd|calc' }),
    );
    const page = await openPanel();
    const it = card(page, 'Ship on Friday?');

    const [results] = await Promise.all([page.page().waitForEvent('download'), it.getByTestId('export-results').click()]);
    expect(results.suggestedFilename()).toMatch(/^poll-Ship-on-Friday-results-\d{4}-\d{2}-\d{2}\.csv$/);
    const resultsCsv = await readFile((await results.path()) ?? '', 'utf8');
    expect(resultsCsv.split(/\r?\n/).slice(0, 3)).toEqual(['Option,Votes,Percent', `"'=HYPERLINK(""http://x"")",1,100`, 'No,0,0']);

    const [votes] = await Promise.all([page.page().waitForEvent('download'), it.getByTestId('export-votes').click()]);
    const votesCsv = await readFile((await votes.path()) ?? '', 'utf8');
    const [header, row] = votesCsv.split(/\r?\n/);
    expect(header).toBe('Voter,Account id,Choice,Comment,Voted at');
    expect(row).toMatch(/^Voter 001,voter-001,"'=HYPERLINK\(""http:\/\/x""\)",' \t\+cmd\|calc,\d{4}-/);
  });

  it('shows a poll made through the web trigger, with the counts that expand=results answers', async () => {
    const { token } = await mintToken(site().runtime, { name: 'Automation' });
    const base = `${site().server.url}/x1/polls-api`;
    const query = new URLSearchParams({ token, type: 'polls', workspace: 'PLAT', content: 'PLAT-1' });
    const created = await fetch(`${base}?${query.toString()}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ title: 'Deploy window?', options: [{ title: 'Morning' }, { title: 'Evening' }] }),
    });
    expect(created.status).toBe(200);
    const poll = (await created.json()) as { id: string };
    for (const [voter, option] of [
      ['voter-001', '1'],
      ['voter-002', '2'],
      ['voter-003', '2'],
    ] as const)
      unwrap(await callPolls(site().runtime, voter, PLAT_1, 'polls/vote', { pollId: poll.id, optionIds: [option] }));

    const page = await openPanel();
    const shown = await resultRows(card(page, 'Deploy window?'));
    query.set('expand', 'results');
    const listed = (await (await fetch(`${base}?${query.toString()}`)).json()) as Array<{
      id: string;
      options: Array<{ id: string; title: string }>;
      results: { totalVotes: number; options: Array<{ id: string; votes: number; percent: number }> };
    }>;
    const api = listed.find((p) => p.id === poll.id);
    expect(api?.results.totalVotes).toBe(3);
    const fromApi = api?.options.map((option) => {
      const result = api.results.options.find((r) => r.id === option.id);
      return [option.title, `${result?.percent}% · ${result?.votes} vote${result?.votes === 1 ? '' : 's'}`];
    });
    expect(shown).toEqual(fromApi);
    expect(shown).toEqual([
      ['Morning', '33% · 1 vote'],
      ['Evening', '67% · 2 votes'],
    ]);
  });

  it('shows a vote made on one screen on another within 5 seconds, without a reload', async () => {
    await seedPoll(site());
    const watcher = await open(pollPagePath(PLAT_1, 'local-viewer'));
    const watched = card(watcher, 'Ship on Friday?');
    expect(await watched.getByTestId('results-totals').innerText()).toBe('No votes yet');

    const voter = await open(pollPagePath(PLAT_1, 'voter-042'));
    await voteInUi(card(voter, 'Ship on Friday?'), ['Maybe']);
    const votedAt = Date.now();
    await watched.getByTestId('results-totals').getByText('1 vote', { exact: true }).waitFor({ timeout: 5_000 });
    expect(Date.now() - votedAt).toBeLessThan(5_000);
    expect(await resultRows(watched)).toContainEqual(['Maybe', '100% · 1 vote']);
  });

  it('inserts the macro on a page: creates its poll in place, votes, and the API reaches it by container', async () => {
    // Just inserted in the editor: the macro instance has no poll yet.
    const page = await open(pollPagePath(ENG_PAGE, EDITOR, { isEditing: 'true' }));
    await page.getByTestId('polls-empty').waitFor();
    await startPoll(page, 'yes-no', 'Move the retro to Thursday?');
    await save(page);
    const it = card(page, 'Move the retro to Thursday?');
    await voteInUi(it, ['No']);
    expect(await resultRows(it)).toEqual([
      ['Yes', '0% · 0 votes'],
      ['No', '100% · 1 vote'],
    ]);

    const scope: TokenScope = { jiraProjects: [], confluenceSpaces: ['1001'], anyWorkspace: false, operations: ['read'] };
    const { token } = await mintToken(site().runtime, { name: 'Confluence reader', scope });
    const query = (container: string) =>
      new URLSearchParams({ token, type: 'polls', workspace: '1001', content: ENG_PAGE.pageId, container, expand: 'results' }).toString();
    const url = `${site().server.url}/x1/polls-api`;
    const found = (await (await fetch(`${url}?${query(ENG_PAGE.localId)}`)).json()) as Array<{ title: string; container: string }>;
    expect(found).toMatchObject([{ title: 'Move the retro to Thursday?', container: ENG_PAGE.localId }]);
    // Another macro on the same page is another place.
    expect(await (await fetch(`${url}?${query('another-macro')}`)).json()).toEqual([]);
  });
});
