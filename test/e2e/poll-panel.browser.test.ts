import { callPolls } from '../support/poll-ui';
import { unwrap } from '../support/quorum';
import { browserSuite } from './admin-page';
import { card, ENG_PAGE, PLAT_1, pollPagePath, resultRows, seedPoll, voteAs, voteInUi } from './poll-page';

/**
 * The Jira issue panel as a person who may only see the issue (`local-viewer` browses PLAT): voting
 * and results by each poll's rules, in headless Chromium over the local runtime and the real bridge.
 */
describe('the issue panel, as a viewer', () => {
  const { site, open } = browserSuite();
  const openPanel = (extra?: Record<string, string>) => open(pollPagePath(PLAT_1, 'local-viewer', extra));

  it('explains the empty panel, and offers no Create button to someone who cannot edit the issue', async () => {
    const page = await openPanel();
    await page.getByTestId('polls-empty').waitFor();
    expect(await page.getByTestId('polls-empty').innerText()).toMatch(/No polls here yet\. People who can edit this can start one\./);
    expect(await page.getByTestId('create-poll').count()).toBe(0);
  });

  it('votes on a single-choice poll and shows the result with the vote marked', async () => {
    const poll = await seedPoll(site());
    await voteAs(site(), 'voter-001', poll, ['2']);
    const page = await openPanel();
    const it = card(page, 'Ship on Friday?');
    expect(await it.getByRole('radio').count()).toBe(3);
    expect(await it.getByTestId('vote').isDisabled()).toBe(true); // nothing chosen yet

    await voteInUi(it, ['Yes']);
    expect(await it.getByTestId('my-vote').innerText()).toContain('You voted for Yes');
    expect(await resultRows(it)).toEqual([
      ['Yes', '50% · 1 vote'],
      ['No', '50% · 1 vote'],
      ['Maybe', '0% · 0 votes'],
    ]);
    expect(await it.getByTestId('results-totals').innerText()).toBe('2 votes');
    // Votes are final by default: nothing offers to change this one.
    expect(await it.getByTestId('change-vote').count()).toBe(0);
  });

  it('keeps results hidden until the viewer votes, when the poll says so', async () => {
    await seedPoll(site(), { resultsVisibility: 'afterVote' });
    const page = await openPanel();
    const it = card(page, 'Ship on Friday?');
    expect(await it.getByTestId('results-hidden').innerText()).toBe('Results are visible after you vote.');
    expect(await it.getByTestId('poll-results').count()).toBe(0);
    await voteInUi(it, ['No']);
    expect(await resultRows(it)).toEqual([
      ['Yes', '0% · 0 votes'],
      ['No', '100% · 1 vote'],
      ['Maybe', '0% · 0 votes'],
    ]);
  });

  it('keeps results hidden until the poll closes, and shows them once it has', async () => {
    const poll = await seedPoll(site(), { resultsVisibility: 'afterClose' });
    await voteAs(site(), 'voter-001', poll, ['1']);
    let page = await openPanel();
    let it = card(page, 'Ship on Friday?');
    await voteInUi(it, ['Yes']);
    expect(await it.getByTestId('results-hidden').innerText()).toBe('Results are visible once the poll closes.');

    unwrap(await callPolls(site().runtime, 'local-user', PLAT_1, 'polls/close', { pollId: poll.id }));
    page = await openPanel();
    it = card(page, 'Ship on Friday?');
    expect(await resultRows(it)).toEqual([
      ['Yes', '100% · 2 votes'],
      ['No', '0% · 0 votes'],
      ['Maybe', '0% · 0 votes'],
    ]);
    expect(await it.getByText('Closed', { exact: true }).count()).toBe(1);
  });

  it('tells a viewer that results of a private poll are for its managers', async () => {
    await seedPoll(site(), { resultsVisibility: 'private' });
    const page = await openPanel();
    const it = card(page, 'Ship on Friday?');
    await voteInUi(it, ['Maybe']);
    expect(await it.getByTestId('results-hidden').innerText()).toBe('Results are visible to the people who manage this poll.');
  });

  it('shows percentages only when absolute numbers are hidden', async () => {
    const poll = await seedPoll(site(), { hideAbsoluteNumbers: true });
    await voteAs(site(), 'voter-001', poll, ['1']);
    await voteAs(site(), 'voter-002', poll, ['1']);
    await voteAs(site(), 'voter-003', poll, ['2']);
    const page = await openPanel();
    const it = card(page, 'Ship on Friday?');
    expect(await resultRows(it)).toEqual([
      ['Yes', '67%'],
      ['No', '33%'],
      ['Maybe', '0%'],
    ]);
    expect(await it.getByTestId('results-totals').innerText()).toBe('Shown as percentages only');
    await it.getByTestId('results-view-toggle').click();
    const table = it.getByTestId('results-table');
    expect(await table.getByRole('columnheader').allInnerTexts()).toEqual(['Option', 'Share']);
  });

  it('takes several options on a multiple-choice poll and shows them in a table too', async () => {
    await seedPoll(site(), { allowSelectionOfMultipleOptions: true });
    const page = await openPanel();
    const it = card(page, 'Ship on Friday?');
    expect(await it.getByRole('checkbox').count()).toBe(3);
    expect(await it.getByText('You can choose more than one.').count()).toBe(1);
    await voteInUi(it, ['Yes', 'Maybe']);
    expect(await it.getByTestId('my-vote').innerText()).toContain('You voted for Yes and Maybe');
    // A share is of the people who voted: each of the two options was chosen by everyone.
    expect(await it.getByTestId('results-totals').innerText()).toBe('2 votes from 1 person');

    await it.getByTestId('results-view-toggle').click();
    const table = it.getByTestId('results-table');
    expect(await table.getByRole('row').allInnerTexts()).toEqual(['Option\tVotes\tShare', 'Yes\t1\t100%', 'No\t0\t0%', 'Maybe\t1\t100%']);
  });

  it('changes and withdraws a vote when the poll allows revoting', async () => {
    await seedPoll(site(), { allowRevote: true });
    const page = await openPanel();
    const it = card(page, 'Ship on Friday?');
    await voteInUi(it, ['Yes']);

    await it.getByTestId('change-vote').click();
    expect(await it.getByRole('radio', { name: 'Yes' }).isChecked()).toBe(true); // the form starts from the vote
    await it.getByRole('radio', { name: 'No' }).check();
    expect(await it.getByTestId('vote').innerText()).toBe('Update vote');
    await it.getByTestId('vote').click();
    await it.getByText('You voted for No').waitFor();
    expect(await resultRows(it)).toEqual([
      ['Yes', '0% · 0 votes'],
      ['No', '100% · 1 vote'],
      ['Maybe', '0% · 0 votes'],
    ]);

    await it.getByTestId('withdraw-vote').click();
    await it.getByTestId('vote').waitFor();
    expect(await it.getByTestId('results-totals').innerText()).toBe('No votes yet');
  });

  it('says votes are final and offers no change when revoting is off — and the server agrees', async () => {
    const poll = await seedPoll(site());
    const page = await openPanel();
    const it = card(page, 'Ship on Friday?');
    expect(await it.getByText("Votes are final: you can't change your vote after you submit it.").count()).toBe(1);
    await voteInUi(it, ['Yes']);
    expect(await it.getByTestId('change-vote').count()).toBe(0);
    expect(await it.getByTestId('withdraw-vote').count()).toBe(0);
    // A second vote through the bridge, as a crafted request would send it, is refused.
    const again = await callPolls(site().runtime, 'local-viewer', PLAT_1, 'polls/vote', { pollId: poll.id, optionIds: ['2'] });
    expect(again.ok).toBe(false);
  });

  it('shows a closed poll with its results and no way to vote', async () => {
    const poll = await seedPoll(site());
    await voteAs(site(), 'voter-001', poll, ['3']);
    unwrap(await callPolls(site().runtime, 'local-user', PLAT_1, 'polls/close', { pollId: poll.id }));
    const page = await openPanel();
    const it = card(page, 'Ship on Friday?');
    await it.getByTestId('poll-closed-note').waitFor();
    expect(await it.getByRole('radio').count()).toBe(0);
    expect(await it.getByTestId('vote').count()).toBe(0);
    expect(await resultRows(it)).toContainEqual(['Maybe', '100% · 1 vote']);
  });

  it('tells the voter when the poll closed while the form was open, and counts nothing', async () => {
    const poll = await seedPoll(site());
    const page = await openPanel();
    const it = card(page, 'Ship on Friday?');
    await it.getByRole('radio', { name: 'Yes' }).check();
    unwrap(await callPolls(site().runtime, 'local-user', PLAT_1, 'polls/close', { pollId: poll.id }));
    await it.getByTestId('vote').click();
    expect(await it.getByTestId('vote-error').innerText()).toBe('This poll has closed; your vote was not counted.');
    const results = unwrap(await callPolls(site().runtime, 'local-user', PLAT_1, 'polls/list', {})).polls[0]?.results;
    expect(results?.participants).toBe(0);
  });

  it('says when an open poll ends, and takes a comment with the vote when the poll asks for one', async () => {
    const endDate = new Date(Date.now() + 3 * 24 * 60 * 60 * 1000 + 60_000).toISOString().replace(/\.\d{3}Z$/, 'Z');
    await seedPoll(site(), { endDate, allowComment: true, saveParticipantNames: true });
    const page = await openPanel();
    const it = card(page, 'Ship on Friday?');
    expect(await it.getByTestId('poll-ends').innerText()).toBe('Ends in 3 days');
    expect(await it.getByTestId('named-notice').innerText()).toMatch(/not anonymous/);
    await it.getByRole('radio', { name: 'No' }).check();
    await it.getByLabel('Comment (optional)').fill('Friday deploys are scary');
    await it.getByTestId('vote').click();
    await it.getByText('“Friday deploys are scary”').waitFor();
    await it.getByTestId('show-voters').click();
    await it.getByTestId('voter').waitFor();
    expect(await it.getByTestId('voter').allInnerTexts()).toEqual(['Local Viewer: No — “Friday deploys are scary”']);
  });

  it('votes with the keyboard alone: Tab to the options, arrows to choose, Enter to submit', async () => {
    await seedPoll(site());
    const page = await openPanel();
    const it = card(page, 'Ship on Friday?');
    await it.getByRole('radio', { name: 'Yes' }).waitFor();
    await page.locator('body').focus();
    const keyboard = page.page().keyboard;
    await keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('type'))).toBe('radio');
    await keyboard.press('ArrowDown'); // Yes → No
    expect(await it.getByRole('radio', { name: 'No' }).isChecked()).toBe(true);
    await keyboard.press('Enter');
    await it.getByText('You voted for No').waitFor();
    // The focused control is visibly marked (Atlaskit draws a focus ring from the design tokens).
    await keyboard.press('Tab');
    const outline = await page.evaluate(() => {
      const el = document.activeElement as HTMLElement | null;
      if (!el || el === document.body) return null;
      const style = getComputedStyle(el);
      return { outline: style.outlineStyle, shadow: style.boxShadow };
    });
    expect(outline === null || outline.outline !== 'none' || outline.shadow !== 'none').toBe(true);
  });

  it('fits a 350 px issue-view column without sideways scrolling, long words included', async () => {
    await seedPoll(
      site(),
      {},
      ['A'.repeat(80), 'Supercalifragilisticexpialidocious-and-then-some-more-text', 'No'],
      PLAT_1,
      'W'.repeat(120),
    );
    const page = await openPanel();
    await page.page().setViewportSize({ width: 350, height: 800 });
    await page.getByTestId('poll-card').waitFor();
    await page.getByTestId('results-view-toggle').click();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
  });

  it('follows the host’s dark theme', async () => {
    await seedPoll(site());
    const page = await openPanel({ theme: 'dark' });
    await page.getByTestId('poll-card').waitFor();
    await page.waitForFunction(() => document.documentElement.getAttribute('data-color-mode') === 'dark');
    const background = await page.evaluate(() => getComputedStyle(document.querySelector('[data-testid="poll-card"]')!).backgroundColor);
    // The card's surface comes from the dark theme's tokens, not from the light fallback.
    expect(background).not.toBe('rgb(255, 255, 255)');
  });

  it('shows the macro’s poll on a Confluence page to a reader, who may vote but not manage', async () => {
    await seedPoll(site(), {}, ['Yes', 'No'], ENG_PAGE, 'Retro format?');
    const page = await open(pollPagePath(ENG_PAGE, 'local-viewer'));
    const it = card(page, 'Retro format?');
    await voteInUi(it, ['Yes']);
    expect(await it.getByTestId('manage-bar').count()).toBe(0);
    expect(await page.getByTestId('create-poll').count()).toBe(0);
  });
});
