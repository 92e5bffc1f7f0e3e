import type { LocalRuntime } from '../../local/runtime';
import { ACTION_KEYS } from '../../src/shared/actions';
import { allowActions, auditEvents, createPollConfig, messagesOf, outputsOf, runRule } from '../support/actions';
import { callPolls, pollBody } from '../support/poll-ui';
import { callResolver, quorumRuntime, unwrap } from '../support/quorum';

/**
 * Quorum's native Automation actions, run as Automation runs them on the local runtime. The rules
 * come from manifest-reference/modules/automation-action: the function gets the inputs, with
 * smart values resolved ("Accepting Smart Values", "Action execution"); it runs as the
 * connection's user and must use asUser() ("Permissions: asApp() vs asUser()"); failures are
 * returned as `{ errors: [{ message }] }`, which stop the rule and reach the rule owner
 * ("Communicating errors"). The admin setting and the audit log are DESIGN §1, §5.
 */
const { createPoll, getPollResults, closePoll } = ACTION_KEYS;
const QUESTION = createPollConfig({ title: 'How did {{issue.key}} go?', options: 'Well\nBadly' });

let runtime: LocalRuntime;
beforeEach(() => {
  runtime = quorumRuntime();
});
afterEach(() => runtime.close());

async function createdPollId(inputs: Record<string, unknown> = QUESTION, issueKey = 'PLAT-1'): Promise<string> {
  return outputsOf(await runRule(runtime, createPoll, inputs, { issueKey }))['pollId'];
}

async function vote(pollId: string, voter: string, optionIds: string[], issueKey = 'PLAT-1'): Promise<void> {
  unwrap(await callPolls(runtime, voter, { issueKey }, 'polls/vote', { pollId, optionIds }));
}

describe('the admin setting', () => {
  it('keeps every action off until an admin turns them on, and audits each refused use with its rule', async () => {
    for (const [key, inputs] of [
      [createPoll, QUESTION],
      [getPollResults, { issueKey: '{{issue.key}}', rule: '{{rule.name}}' }],
      [closePoll, { issueKey: '{{issue.key}}', rule: '{{rule.name}}' }],
    ] as const) {
      expect(messagesOf(await runRule(runtime, key, inputs))).toEqual([
        'actions_disabled: Quorum’s Automation actions are turned off on this site. A Jira admin can change this in Apps → Quorum → Settings.',
      ]);
    }
    const events = await auditEvents(runtime);
    expect(events.map((e) => [e.outcome, e.operation, e.rule, e.actorAccountId, e.method])).toEqual([
      ['actions_disabled', 'update', 'Retro rule', 'local-admin', 'AUTOMATION'],
      ['actions_disabled', 'read', 'Retro rule', 'local-admin', 'AUTOMATION'],
      ['actions_disabled', 'create', 'Retro rule', 'local-admin', 'AUTOMATION'],
    ]);
  });

  it('limits the actions to the chosen projects, as a token’s scope does', async () => {
    await allowActions(runtime, { jiraProjects: ['PLAT'] });
    expect(outputsOf(await runRule(runtime, createPoll, QUESTION, { issueKey: 'PLAT-2' }))['issueKey']).toBe('PLAT-2');
    expect(messagesOf(await runRule(runtime, createPoll, QUESTION, { issueKey: 'OPS-2' }))).toEqual([
      'insufficient_scope: Quorum’s Automation actions may not be used in Jira project OPS. A Jira admin can change this in Apps → Quorum → Settings.',
    ]);
    const [refused] = await auditEvents(runtime);
    expect(refused).toMatchObject({ outcome: 'insufficient_scope', reason: 'workspace_not_allowed', workspace: 'OPS', rule: 'Retro rule' });
  });

  it('refuses a poll outside the chosen spaces that the user can see, and allows every project and space when told to', async () => {
    const page = { pageId: '3001', localId: 'macro-1' };
    const poll = unwrap(await callPolls(runtime, 'local-admin', page, 'polls/create', { poll: pollBody() })).poll;
    await allowActions(runtime, { jiraProjects: ['PLAT'], confluenceSpaces: ['1001'] });
    expect(messagesOf(await runRule(runtime, getPollResults, { pollId: poll.id }))).toEqual([
      expect.stringContaining('may not be used in Confluence space 1002'),
    ]);
    await allowActions(runtime, { anyWorkspace: true, jiraProjects: [] });
    expect(outputsOf(await runRule(runtime, getPollResults, { pollId: poll.id }))).toMatchObject({
      pollId: poll.id,
      title: 'Ship on Friday?',
    });
    expect(outputsOf(await runRule(runtime, createPoll, QUESTION, { issueKey: 'OPS-3' }))['issueKey']).toBe('OPS-3');
  });

  it('is saved only with a project or space to work in, and only with ones the site has', async () => {
    const { policy } = unwrap(await callResolver(runtime, 'settings/get', {}));
    const save = (automationActions: Record<string, unknown>): ReturnType<typeof callResolver<'settings/update'>> =>
      callResolver(runtime, 'settings/update', { policy: { ...policy, automationActions } });
    const none = await save({ enabled: true, anyWorkspace: false, jiraProjects: [], confluenceSpaces: [] });
    expect(!none.ok && none.error.fields).toEqual([
      {
        field: 'policy.automationActions.jiraProjects',
        message: 'choose at least one Jira project or Confluence space, or allow all of them',
      },
    ]);
    const unknown = await save({ enabled: true, anyWorkspace: false, jiraProjects: ['NOPE'], confluenceSpaces: ['9999'] });
    expect(!unknown.ok && unknown.error.fields?.map((f) => f.message)).toEqual([
      'no Jira project NOPE on this site',
      'no Confluence space 9999 on this site',
    ]);
    // Every project and space needs no list; one given is dropped.
    const both = unwrap(await save({ enabled: true, anyWorkspace: true, jiraProjects: ['PLAT'], confluenceSpaces: [] }));
    expect(both.policy.automationActions).toEqual({ enabled: true, anyWorkspace: true, jiraProjects: [], confluenceSpaces: [] });
  });

  it('records each change like any other policy change, with what changed', async () => {
    await allowActions(runtime, { jiraProjects: ['PLAT', 'OPS', 'PLAT'] });
    const { policy } = unwrap(await callResolver(runtime, 'settings/get', {}));
    // Sorted and without duplicates, as a token's scope is.
    expect(policy.automationActions).toEqual({ enabled: true, anyWorkspace: false, jiraProjects: ['OPS', 'PLAT'], confluenceSpaces: [] });
    const [event] = await auditEvents(runtime);
    expect(event).toMatchObject({
      outcome: 'policy_updated',
      actorAccountId: 'local-admin',
      reason: 'automationActions.enabled false → true; automationActions.jiraProjects none → OPS, PLAT',
    });
  });
});

describe('Create poll', () => {
  beforeEach(() => allowActions(runtime, { jiraProjects: ['PLAT', 'OPS'] }));

  it('creates a poll on the rule’s work item from its smart values, answers its id and link, and audits it with the rule', async () => {
    const run = await runRule(runtime, createPoll, QUESTION, { issueKey: 'PLAT-4' });
    const outputs = outputsOf(run);
    expect(outputs).toEqual({ pollId: expect.any(String), issueKey: 'PLAT-4', pollUrl: `${runtime.site.siteUrl}/browse/PLAT-4` });
    // Later rule components read {{createdQuorumPoll.pollId}}.
    expect(run.smartValue).toBe('createdQuorumPoll');

    const { polls } = unwrap(await callPolls(runtime, 'local-user', { issueKey: 'PLAT-4' }, 'polls/list', {}));
    expect(polls).toEqual([
      expect.objectContaining({
        id: outputs['pollId'],
        title: 'How did PLAT-4 go?',
        options: [expect.objectContaining({ title: 'Well' }), expect.objectContaining({ title: 'Badly' })],
        createdBy: { type: 'user', id: 'local-admin' },
      }),
    ]);
    const [event] = await auditEvents(runtime);
    expect(event).toMatchObject({
      outcome: 'ok',
      tokenId: null,
      rule: 'Retro rule',
      actorAccountId: 'local-admin',
      method: 'AUTOMATION',
      operation: 'create',
      workspace: 'PLAT',
      pollId: outputs['pollId'],
    });
  });

  it('takes a template’s name for the options, by id or label, and drops blank lines otherwise', async () => {
    const options = async (text: string): Promise<string[]> => {
      const pollId = await createdPollId({ ...QUESTION, options: text });
      const { polls } = unwrap(await callPolls(runtime, 'local-admin', { issueKey: 'PLAT-1' }, 'polls/list', {}));
      return polls.find((p) => p.id === pollId)!.options.map((o) => o.title);
    };
    expect(await options('stars')).toEqual(['⭐', '⭐⭐', '⭐⭐⭐', '⭐⭐⭐⭐', '⭐⭐⭐⭐⭐']);
    expect(await options('  Yes / No ')).toEqual(['Yes', 'No']);
    expect(await options('\n  Red \n\nGreen\n')).toEqual(['Red', 'Green']);
  });

  it('applies the settings’ JSON, and closeAfterDays as an end date that closes the poll', async () => {
    const before = Date.now();
    const pollId = await createdPollId({
      ...QUESTION,
      settings: '{"resultsVisibility":"afterClose","allowRevote":true}',
      closeAfterDays: 7,
    });
    const { polls } = unwrap(await callPolls(runtime, 'local-admin', { issueKey: 'PLAT-1' }, 'polls/list', {}));
    const { settings } = polls.find((p) => p.id === pollId)!;
    expect(settings).toMatchObject({ resultsVisibility: 'afterClose', allowRevote: true, closePollOnEndDate: true });
    const week = Date.parse(settings.endDate) - before;
    expect(week).toBeGreaterThan(7 * 86_400_000 - 2_000);
    expect(week).toBeLessThan(7 * 86_400_000 + 2_000);
  });

  it('names every wrong input at once, in the form’s order, with the web trigger’s codes', async () => {
    const run = await runRule(runtime, createPoll, {
      ...QUESTION,
      title: ' ',
      options: `Only one\n${'x'.repeat(256)}`,
      settings: '{"resultsVisibility":"sometimes","colour":"red"}',
      closeAfterDays: 400,
    });
    expect(messagesOf(run)).toEqual([
      'invalid_request: title must not be blank',
      'invalid_request: options (option 2) must be 1–255 characters',
      'invalid_request: settings.resultsVisibility must be one of alwaysPublic, afterVote, afterClose, private',
      'invalid_request: settings.colour is not a known field',
      'invalid_request: closeAfterDays must be a whole number of days from 1 to 365',
    ]);
  });

  it.each([
    ['too few options', { options: 'Just one' }, 'invalid_request: options must have 2–50 options'],
    [
      'too many options',
      { options: Array.from({ length: 51 }, (_, i) => `O${i}`).join('\n') },
      'invalid_request: options must have 2–50 options',
    ],
    ['a title over 255 characters', { title: 'q'.repeat(256) }, 'invalid_request: title must be 1–255 characters'],
    [
      'a description over 4,000 characters',
      { description: 'd'.repeat(4001) },
      'invalid_request: description must be at most 4000 characters',
    ],
    [
      'settings that are not JSON',
      { settings: '{resultsVisibility: afterClose' },
      'invalid_request: settings must be a JSON object of poll settings, such as {"resultsVisibility":"afterClose"}',
    ],
    [
      'settings that are a list',
      { settings: '["afterClose"]' },
      'invalid_request: settings must be a JSON object of poll settings, such as {"resultsVisibility":"afterClose"}',
    ],
    [
      'an end date and closeAfterDays both',
      { settings: '{"endDate":"2030-01-01T00:00:00Z"}', closeAfterDays: 3 },
      'invalid_request: closeAfterDays cannot be given with an endDate in settings; give one of them',
    ],
    ['closeAfterDays of 0', { closeAfterDays: 0 }, 'invalid_request: closeAfterDays must be a whole number of days from 1 to 365'],
    ['a malformed work item key', { issueKey: 'not a key' }, 'invalid_request: issueKey must be a Jira work item key such as PLAT-7'],
    [
      'no work item (a rule without one: {{issue.key}} renders empty)',
      { issueKey: '{{issue.key}}' },
      'invalid_request: issueKey is required: the work item the poll goes on, such as {{issue.key}}',
    ],
  ])('refuses %s', async (_what, change, message) => {
    // A rule with no work item of its own: its {{issue.key}} has nothing to resolve to.
    const ruleWithoutIssue = 'issueKey' in change && change.issueKey === '{{issue.key}}';
    const run = await runRule(runtime, createPoll, { ...QUESTION, ...change }, ruleWithoutIssue ? { issueKey: undefined } : {});
    expect(messagesOf(run)).toEqual([message]);
    const [event] = await auditEvents(runtime);
    expect(event).toMatchObject({ outcome: 'failed', reason: 'invalid_request', operation: 'create', rule: 'Retro rule' });
  });

  it('refuses a work item that does not exist, or that the rule’s user cannot see, alike', async () => {
    expect(messagesOf(await runRule(runtime, createPoll, { ...QUESTION, issueKey: 'PLAT-999' }))).toEqual([
      'not_found: There is no work item PLAT-999, or the user this action runs as cannot see it.',
    ]);
    // local-viewer browses PLAT only: OPS-1 is not there for them.
    expect(messagesOf(await runRule(runtime, createPoll, QUESTION, { issueKey: 'OPS-1', accountId: 'local-viewer' }))).toEqual([
      'not_found: There is no work item OPS-1, or the user this action runs as cannot see it.',
    ]);
  });

  it('needs Edit permission on the work item, asked as the rule’s user', async () => {
    // local-user browses OPS but cannot edit there; local-viewer cannot edit PLAT.
    for (const [accountId, issueKey] of [
      ['local-user', 'OPS-1'],
      ['local-viewer', 'PLAT-1'],
    ]) {
      expect(messagesOf(await runRule(runtime, createPoll, QUESTION, { issueKey, accountId }))).toEqual([
        `insufficient_scope: The user this action runs as cannot edit ${issueKey}, so it cannot add a poll to it.`,
      ]);
    }
    expect(outputsOf(await runRule(runtime, createPoll, QUESTION, { issueKey: 'PLAT-1', accountId: 'local-user' }))['issueKey']).toBe(
      'PLAT-1',
    );
    const events = await auditEvents(runtime, 3);
    expect(events.map((e) => [e.outcome, e.reason, e.actorAccountId])).toEqual([
      ['ok', null, 'local-user'],
      ['insufficient_scope', 'user_not_permitted', 'local-viewer'],
      ['insufficient_scope', 'user_not_permitted', 'local-user'],
    ]);
  });

  it('tells the rule owner what to do when the connection’s user never allowed Quorum to act for them', async () => {
    expect(messagesOf(await runRule(runtime, createPoll, QUESTION, { consent: false }))).toEqual([
      'insufficient_scope: Quorum cannot act as the user this action runs as: they have not allowed Quorum to act for them. They can allow it in their Connected apps (https://id.atlassian.com/manage-profile/apps), or the rule can use the connection of a user who has.',
    ]);
    expect((await auditEvents(runtime, 1))[0]).toMatchObject({ outcome: 'insufficient_scope', reason: 'no_consent' });
  });

  it('answers storage trouble as a message to retry, never a crash', async () => {
    runtime.failStorage(50, { after: 1 });
    const run = await runRule(runtime, createPoll, QUESTION);
    runtime.failStorage(0);
    expect(messagesOf(run)).toEqual([
      'storage_unavailable: Quorum’s storage is unavailable right now. Run the rule again in a few minutes.',
    ]);
  });

  it('has no link when the rule gives no site address', async () => {
    expect(outputsOf(await runRule(runtime, createPoll, { ...QUESTION, siteUrl: '' }))['pollUrl']).toBeNull();
    expect(outputsOf(await runRule(runtime, createPoll, { ...QUESTION, siteUrl: 'javascript:alert(1)' }))['pollUrl']).toBeNull();
  });
});

describe('Get poll results', () => {
  beforeEach(() => allowActions(runtime, { jiraProjects: ['PLAT'] }));

  it('answers the totals, the leading option and every option as JSON, as the rule’s user sees them', async () => {
    const pollId = await createdPollId({ ...QUESTION, options: 'Yes\nNo\nMaybe' });
    for (const [voter, choice] of [
      ['voter-001', '1'],
      ['voter-002', '1'],
      ['voter-003', '3'],
    ] as const) {
      await vote(pollId, voter, [choice]);
    }
    const run = await runRule(runtime, getPollResults, { pollId, rule: '{{rule.name}}' });
    expect(run.smartValue).toBe('fetchedQuorumPoll');
    const outputs = outputsOf(run);
    expect(outputs).toMatchObject({
      pollId,
      title: 'How did PLAT-1 go?',
      status: 'open',
      totalVotes: 3,
      participants: 3,
      leadingOption: 'Yes',
    });
    expect(JSON.parse(outputs['resultsJson'])).toEqual({
      pollId,
      title: 'How did PLAT-1 go?',
      status: 'open',
      resultsHidden: null,
      totalVotes: 3,
      participants: 3,
      options: [
        { id: '1', title: 'Yes', votes: 2, percent: 67 },
        { id: '2', title: 'No', votes: 0, percent: 0 },
        { id: '3', title: 'Maybe', votes: 1, percent: 33 },
      ],
    });
    expect((await auditEvents(runtime, 1))[0]).toMatchObject({
      outcome: 'read',
      operation: 'read',
      pollId,
      workspace: 'PLAT',
      rule: 'Retro rule',
    });
  });

  it('reads the newest poll of the work item when no poll id is given, and joins the leaders of a tie', async () => {
    await createdPollId();
    const newest = await createdPollId({ ...QUESTION, title: 'Newer' });
    await vote(newest, 'voter-001', ['1']);
    await vote(newest, 'voter-002', ['2']);
    const outputs = outputsOf(await runRule(runtime, getPollResults, { issueKey: '{{issue.key}}' }));
    expect(outputs).toMatchObject({ pollId: newest, title: 'Newer', leadingOption: 'Well / Badly' });
  });

  it('shows no counts to a user the poll hides them from (the poll UI’s rules)', async () => {
    const hidden = await createdPollId({ ...QUESTION, settings: '{"resultsVisibility":"afterClose"}' });
    await vote(hidden, 'voter-001', ['1']);
    const asViewer = outputsOf(await runRule(runtime, getPollResults, { pollId: hidden }, { accountId: 'local-viewer' }));
    expect(asViewer).toMatchObject({ totalVotes: null, participants: null, leadingOption: null });
    expect(JSON.parse(asViewer['resultsJson'])).toMatchObject({ resultsHidden: 'until-closed' });
    // A manager sees them.
    expect(outputsOf(await runRule(runtime, getPollResults, { pollId: hidden }))).toMatchObject({ totalVotes: 1, leadingOption: 'Well' });

    const percentages = await createdPollId({ ...QUESTION, settings: '{"hideAbsoluteNumbers":true}' });
    await vote(percentages, 'voter-001', ['2']);
    const shares = outputsOf(await runRule(runtime, getPollResults, { pollId: percentages }, { accountId: 'local-viewer' }));
    expect(shares).toMatchObject({ totalVotes: null, leadingOption: 'Badly' });
    expect(JSON.parse(shares['resultsJson']).options).toEqual([
      { id: '1', title: 'Well', votes: null, percent: 0 },
      { id: '2', title: 'Badly', votes: null, percent: 100 },
    ]);
  });

  it('refuses a poll the user cannot see as if it did not exist', async () => {
    const page = { pageId: '3001', localId: 'macro-1' };
    const poll = unwrap(await callPolls(runtime, 'local-admin', page, 'polls/create', { poll: pollBody() })).poll;
    await allowActions(runtime, { anyWorkspace: true, jiraProjects: [] });
    // local-user has nothing in HR (space 1002).
    expect(messagesOf(await runRule(runtime, getPollResults, { pollId: poll.id }, { accountId: 'local-user' }))).toEqual([
      `not_found: There is no poll ${poll.id}, or the user this action runs as cannot see it.`,
    ]);
  });

  it.each([
    ['a malformed poll id', { pollId: '42' }, 'invalid_request: pollId must be a poll id such as 0b5f3c1e-…, as Create poll outputs it'],
    [
      'neither a poll id nor a work item',
      { pollId: '', issueKey: '' },
      'invalid_request: pollId is required, or give issueKey to use the newest poll of that work item',
    ],
    [
      'an unknown poll',
      { pollId: '0b5f3c1e-8a3b-4f0e-9d2c-1a2b3c4d5e6f' },
      'not_found: There is no poll 0b5f3c1e-8a3b-4f0e-9d2c-1a2b3c4d5e6f, or the user this action runs as cannot see it.',
    ],
    ['a work item without polls', { issueKey: 'PLAT-20' }, 'not_found: There is no poll on PLAT-20.'],
  ])('refuses %s', async (_what, inputs, message) => {
    expect(messagesOf(await runRule(runtime, getPollResults, inputs))).toEqual([message]);
  });
});

describe('Close poll', () => {
  beforeEach(() => allowActions(runtime, { jiraProjects: ['PLAT'] }));

  it('closes the poll, which then takes no votes, and audits the change', async () => {
    const pollId = await createdPollId();
    expect(outputsOf(await runRule(runtime, closePoll, { pollId, rule: '{{rule.name}}' }))).toEqual({ pollId, status: 'closed' });
    const refused = await callPolls(runtime, 'voter-001', { issueKey: 'PLAT-1' }, 'polls/vote', { pollId, optionIds: ['1'] });
    expect(!refused.ok && refused.error.code).toBe('CLOSED');
    expect((await auditEvents(runtime, 1))[0]).toMatchObject({
      outcome: 'ok',
      operation: 'update',
      pollId,
      rule: 'Retro rule',
      reason: null,
    });
  });

  it('closes the newest open poll of the work item when no poll id is given, and a closed poll again without a change', async () => {
    const older = await createdPollId();
    const newer = await createdPollId();
    expect(outputsOf(await runRule(runtime, closePoll, { issueKey: '{{issue.key}}' }))['pollId']).toBe(newer);
    expect(outputsOf(await runRule(runtime, closePoll, { issueKey: '{{issue.key}}' }))['pollId']).toBe(older);
    expect(messagesOf(await runRule(runtime, closePoll, { issueKey: '{{issue.key}}' }))).toEqual([
      'not_found: There is no open poll on PLAT-1.',
    ]);
    expect(outputsOf(await runRule(runtime, closePoll, { pollId: older }))).toEqual({ pollId: older, status: 'closed' });
    expect((await auditEvents(runtime, 1))[0]).toMatchObject({ outcome: 'ok', reason: 'already closed', pollId: older });
  });

  it('needs Edit permission where the poll is', async () => {
    const pollId = await createdPollId();
    expect(messagesOf(await runRule(runtime, closePoll, { pollId }, { accountId: 'local-viewer' }))).toEqual([
      'insufficient_scope: The user this action runs as cannot edit PLAT-1, so it cannot close its polls.',
    ]);
  });
});

describe('from Rovo (manifest-reference/modules/rovo-action)', () => {
  beforeEach(() => allowActions(runtime, { jiraProjects: ['PLAT'] }));

  it('creates a poll on the issue in view when the agent names none, as the chat’s user, and audits it as Rovo', async () => {
    const run = await runtime.runAction(createPoll, {
      via: 'rovo',
      inputs: { title: 'Lunch?', options: 'yes-no' },
      issueKey: 'PLAT-5',
      accountId: 'local-user',
    });
    expect(run.outcome).toBe('succeeded');
    expect(run.result).toEqual({ pollId: expect.any(String), issueKey: 'PLAT-5', pollUrl: `${runtime.site.siteUrl}/browse/PLAT-5` });
    expect((await auditEvents(runtime, 1))[0]).toMatchObject({ outcome: 'ok', method: 'ROVO', rule: null, actorAccountId: 'local-user' });
  });

  it('checks what the model made up like any other input', async () => {
    const run = await runtime.runAction(createPoll, {
      via: 'rovo',
      inputs: { title: 42, options: 'a\nb', mood: 'happy' },
      issueKey: 'PLAT-5',
    });
    expect(run.result).toEqual({
      errors: [{ message: 'invalid_request: title must be text' }, { message: 'invalid_request: mood is not a known field' }],
    });
  });
});
