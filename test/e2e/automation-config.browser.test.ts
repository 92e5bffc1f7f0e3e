import type { Frame } from 'playwright-core';
import { allowActions, outputsOf } from '../support/actions';
import { callPolls } from '../support/poll-ui';
import { unwrap } from '../support/quorum';
import { browserSuite } from './admin-page';

/**
 * The actions' configuration form, in the local runtime's stand-in for Automation's panel
 * (manifest-reference/modules/automation-action, "Action configuration"): the form loads the
 * saved inputs and Automation's complaints about them, submits every change with view.submit(),
 * and submits again when Next sends AUTOMATION_ACTION_SUBMIT; what it saves is a configuration
 * Automation accepts ("Rule Validation") and the action runs.
 */
describe('the configuration form of the Automation actions', () => {
  const { site, open } = browserSuite();

  /** What the panel shows as the saved configuration, once Next has been pressed and the check is done. */
  async function next(app: Frame): Promise<{ state: string; configuration: Record<string, unknown>; problems: string[] }> {
    const page = app.page();
    await page.locator('#forge-action-next').click();
    await page.locator('#forge-action-config:not([data-state="none"])').waitFor();
    const shown = page.locator('#forge-action-config');
    return {
      state: (await shown.getAttribute('data-state')) ?? '',
      configuration: JSON.parse((await shown.textContent()) ?? '{}'),
      problems: await page.locator('#forge-action-errors li').allTextContents(),
    };
  }

  it('makes a configuration of Create poll that Automation saves and the action runs', async () => {
    const app = await open('/modules/create-poll/');
    await app.getByTestId('create-poll-form').waitFor();
    expect(await app.getByLabel('Work item', { exact: true }).inputValue()).toBe('{{issue.key}}');
    await app.getByLabel('Question', { exact: true }).fill('Ready to ship {{issue.key}}?');
    await app.getByLabel('Options', { exact: true }).fill('Yes\nNot yet\n');
    await app.getByRole('radio', { name: 'Once the poll is closed' }).check();
    await app.getByLabel('Voters may change their vote').check();
    await app.getByLabel('Close after (days, optional)').fill('5');

    const saved = await next(app);
    expect(saved).toEqual({
      state: 'saved',
      problems: [],
      configuration: {
        issueKey: '{{issue.key}}',
        title: 'Ready to ship {{issue.key}}?',
        options: 'Yes\nNot yet\n',
        settings: '{"resultsVisibility":"afterClose","allowRevote":true}',
        closeAfterDays: 5,
        rule: '{{rule.name}}',
        siteUrl: '{{baseUrl}}',
      },
    });

    const runtime = site().runtime;
    await allowActions(runtime);
    const pollId = outputsOf(await runtime.runAction('create-poll', { inputs: saved.configuration, issueKey: 'PLAT-6' }))['pollId'];
    const { polls } = unwrap(await callPolls(runtime, 'local-admin', { issueKey: 'PLAT-6' }, 'polls/list', {}));
    expect(polls.find((p) => p.id === pollId)).toMatchObject({
      title: 'Ready to ship PLAT-6?',
      settings: { resultsVisibility: 'afterClose', allowRevote: true, closePollOnEndDate: true },
    });
  });

  it('checks the form on Next and names what is missing', async () => {
    const app = await open('/modules/create-poll/');
    await app.getByLabel('Options', { exact: true }).fill('Only one');
    await next(app);
    expect(await app.getByTestId('input-title-error').textContent()).toBe('Enter the question.');
    expect(await app.getByTestId('input-options-error').textContent()).toBe(
      'Give at least two options, one per line, or the name of a template.',
    );
    // Typing clears a field's complaint.
    await app.getByLabel('Question', { exact: true }).fill('Lunch?');
    expect(await app.getByTestId('input-title-error').count()).toBe(0);
  });

  it('loads a saved configuration, with Automation’s complaints on their fields', async () => {
    const saved = { issueKey: 'PLAT-2', options: 'stars', settings: '{"allowComment":true,"endDate":"2030-01-01T00:00:00Z"}' };
    const app = await open(`/modules/create-poll/?inputs=${encodeURIComponent(JSON.stringify(saved))}`);
    await app.getByTestId('create-poll-form').waitFor();
    expect(await app.getByLabel('Work item', { exact: true }).inputValue()).toBe('PLAT-2');
    expect(await app.getByLabel('Voters may add a comment').isChecked()).toBe(true);
    expect(await app.getByTestId('input-title-error').textContent()).toBe('title is required');
    // Next stays off until the form submits a change ("loads in a pristine state").
    expect(await app.page().locator('#forge-action-next').isDisabled()).toBe(true);
    await app.getByLabel('Question', { exact: true }).fill('Rate the release');
    const { state, configuration } = await next(app);
    expect(state).toBe('saved');
    // A setting the form has no control for is kept as saved.
    expect(JSON.parse(String(configuration['settings']))).toEqual({ allowComment: true, endDate: '2030-01-01T00:00:00Z' });
  });

  it('configures Close poll for the rule’s work item’s newest open poll, and Back starts over', async () => {
    const app = await open('/modules/close-poll/');
    await app.getByTestId('close-poll-form').waitFor();
    expect(await app.getByLabel('Work item', { exact: true }).inputValue()).toBe('{{issue.key}}');
    expect(await next(app)).toEqual({ state: 'saved', problems: [], configuration: { issueKey: '{{issue.key}}', rule: '{{rule.name}}' } });

    await app.getByLabel('Work item', { exact: true }).fill('');
    const cleared = await next(app);
    expect(await app.getByTestId('input-pollId-error').textContent()).toBe('Give a poll id, or a work item whose newest poll to use.');
    expect(cleared.configuration).toEqual({ rule: '{{rule.name}}' });

    await app.page().locator('#forge-action-back').click();
    await app.page().locator('#forge-action-config[data-state="none"]').waitFor();
    await app.getByTestId('close-poll-form').waitFor();
    expect(await app.getByLabel('Work item', { exact: true }).inputValue()).toBe('{{issue.key}}');
  });
});
