import { LocalRuntime, type ActionRun, type LocalRuntimeOptions } from '../../local/runtime';
import { editedEchoApp, echoRuntime, type FunctionFailure } from '../support/echo-app';

/**
 * Actions as Forge documents them, on the echo fixture app. The pages:
 * manifest-reference/modules/automation-action (the module, "Action configuration", "Rule
 * Validation", "Accepting Smart Values", "Action execution", "Permissions: asApp() vs asUser()",
 * "Communicating errors"), build-a-jira-automation-action (outputs as smart values),
 * manifest-reference/modules/rovo-action ("Writing your action") and limits-invocation (55 s).
 */

let runtime: LocalRuntime;
let errors: FunctionFailure[];
function start(options: LocalRuntimeOptions = {}): LocalRuntime {
  errors = [];
  return (runtime = echoRuntime(errors, options));
}
afterEach(() => runtime?.close());

const editedCopy = (edit: (manifest: string) => string): string => editedEchoApp('echo-actions', edit);

/** What the echo action saw: the payload and the context, from its `seen` output. */
function seen(run: ActionRun): { payload: Record<string, unknown>; context: any } {
  expect(run.outcome).toBe('succeeded');
  return JSON.parse(String(run.outputs?.['seen']));
}

async function refusal(work: Promise<unknown>): Promise<{ code: string; message: string; details: any }> {
  try {
    await work;
  } catch (error) {
    const { code, message, details } = error as { code: string; message: string; details: unknown };
    return { code, message, details };
  }
  throw new Error('expected a refusal');
}

describe('running an action from Automation (automation-action, "Action execution")', () => {
  it('hands the function the inputs as its payload and the connection’s user in its context, and asUser() acts as that user', async () => {
    start();
    const run = await runtime.runAction('echo-action', {
      inputs: { text: 'hello', count: 3, ratio: 0.5, flag: true },
      accountId: 'local-user',
    });
    const { payload, context } = seen(run);
    expect(payload).toEqual({ text: 'hello', count: 3, ratio: 0.5, flag: true });
    expect(context.principal).toEqual({ accountId: 'local-user' });
    expect(context.installContext).toBe(runtime.installContext);
    // "Automation will always invoke your action as a particular user associated with the connection."
    expect(run.outputs?.['me']).toBe('local-user');
  });

  it('answers the outputs under the smart value named by actionVerb, outputDomain and entityName (build-a-jira-automation-action)', async () => {
    start();
    const run = await runtime.runAction('echo-action', { inputs: { text: 'x' } });
    // The tutorial's GET + jira + requirement is {{fetchedJiraRequirement.…}}; here GET + local-test + echo.
    expect(run).toMatchObject({ action: 'echo-action', via: 'automation', outcome: 'succeeded', smartValue: 'fetchedLocalTestEcho' });
    expect(Object.keys(run.outputs ?? {})).toEqual(['seen', 'me']);
  });

  it('resolves smart values from the rule’s issue and the rule before the run ("Accepting Smart Values")', async () => {
    start();
    const run = await runtime.runAction('echo-action', {
      inputs: { text: '{{issue.key}} in {{issue.project.key}} ({{issue.summary}}) by {{rule.name}} at {{baseUrl}}' },
      issueKey: 'PLAT-2',
      rule: { name: 'Retro rule' },
    });
    const issue = runtime.fixture.findIssue('PLAT-2')!.issue;
    expect(seen(run).payload['text']).toBe(`PLAT-2 in PLAT (${issue.summary}) by Retro rule at ${runtime.site.siteUrl}`);
    expect(run.unresolvedSmartValues).toBeUndefined();
  });

  it('renders a smart value it has nothing for as empty text, and says which', async () => {
    start();
    const run = await runtime.runAction('echo-action', { inputs: { text: 'a{{issue.key}}b{{now.plusDays(1)}}c' } });
    expect(seen(run).payload['text']).toBe('abc');
    expect(run.unresolvedSmartValues).toEqual(['{{issue.key}}', '{{now.plusDays(1)}}']);
  });

  it('fails the action with the messages the function returns ("Communicating errors")', async () => {
    start();
    await expect(runtime.runAction('echo-action', { inputs: { text: 'fail' } })).resolves.toEqual({
      action: 'echo-action',
      via: 'automation',
      outcome: 'failed',
      errors: [{ message: 'echo: the text says fail' }, { message: 'echo: a second message' }],
    });
    expect(errors).toEqual([]);
  });

  it('reports a function that throws, logging the error but answering no detail ("only a generic error message will be shown")', async () => {
    start();
    const run = await runtime.runAction('echo-action', { inputs: { text: 'throw' } });
    expect(run).toEqual({ action: 'echo-action', via: 'automation', outcome: 'threw' });
    expect(String(errors[0]?.error)).toContain('action boom');
    expect(errors[0]?.where).toBe("action 'echo-action'");
  });

  it('refuses outputs of the wrong type or not declared (the outputs "form a contract with the rules")', async () => {
    start();
    const wrongType = await runtime.runAction('echo-action', { inputs: { text: 'bad-output' } });
    expect(wrongType).toMatchObject({ outcome: 'threw', note: 'seen must be a string' });
    const extra = await runtime.runAction('echo-action', { inputs: { text: 'extra-output' } });
    expect(extra).toMatchObject({ outcome: 'threw', note: 'extra is not a declared output' });
  });

  it('stops waiting after 55 s (limits-invocation: "web-trigger, action and rovo:agentConnector modules"; lowered here)', async () => {
    expect(start().limits.actionTimeoutMs).toBe(55_000);
    await runtime.close();
    start({ limits: { actionTimeoutMs: 50 } });
    await expect(runtime.runAction('echo-action', { inputs: { text: 'slow' } })).resolves.toMatchObject({ outcome: 'timedOut' });
    expect(String(errors[0]?.error)).toMatch(/longer than 50 ms/);
  });

  it('lets asUser() fail when the connection’s user has given the app no consent ("Permissions: asApp() vs asUser()")', async () => {
    start();
    const run = await runtime.runAction('echo-action', { inputs: { text: 'x' }, accountId: 'local-user', consent: false });
    expect(run.outputs?.['me']).toBeNull();
    expect(seen(run).context.principal).toEqual({ accountId: 'local-user' });
  });
});

describe('a rule’s configuration, checked as Automation does before saving ("Rule Validation")', () => {
  it('refuses an input the manifest does not declare', async () => {
    start();
    const refused = await refusal(runtime.runAction('echo-action', { inputs: { text: 'x', colour: 'red' } }));
    expect(refused.code).toBe('INVALID_INPUTS');
    expect(refused.details.invalidInputs).toEqual({ colour: { message: 'colour is not an input of this action' } });
  });

  it('refuses a required input that is missing or empty, as "issueKey is required" in the page’s example', async () => {
    start();
    for (const inputs of [{}, { text: '' }, { text: null }]) {
      const refused = await refusal(runtime.runAction('echo-action', { inputs }));
      expect(refused.details.invalidInputs).toEqual({ text: { message: 'text is required' } });
    }
  });

  it('checks each input against its type: string, integer, number, boolean', async () => {
    start();
    const refused = await refusal(runtime.runAction('echo-action', { inputs: { text: 5, count: 1.5, ratio: '0.5', flag: 'yes' } }));
    expect(refused.details.invalidInputs).toEqual({
      text: { message: 'text must be a string' },
      count: { message: 'count must be an integer' },
      ratio: { message: 'ratio must be a number' },
      flag: { message: 'flag must be a boolean' },
    });
  });

  it('refuses a configuration over 100 kB of JSON ("should not exceed 100 kilobytes")', async () => {
    start();
    await expect(runtime.runAction('echo-action', { inputs: { text: 'x'.repeat(99_980) } })).resolves.toMatchObject({
      outcome: 'succeeded',
    });
    const refused = await refusal(runtime.runAction('echo-action', { inputs: { text: 'x'.repeat(100_000) } }));
    expect(refused.code).toBe('INVALID_INPUTS');
    expect(refused.message).toMatch(/100000 bytes/);
  });

  it('answers the same checks for the configuration form (validateActionConfig)', () => {
    start();
    expect(runtime.validateActionConfig('echo-action', { text: 'x', count: 2 })).toEqual({
      valid: true,
      invalidInputs: {},
      tooLarge: false,
    });
    expect(runtime.validateActionConfig('echo-action', { count: 'two' })).toEqual({
      valid: false,
      invalidInputs: { text: { message: 'text is required' }, count: { message: 'count must be an integer' } },
      tooLarge: false,
    });
  });
});

describe('where an action is offered', () => {
  it('runs from Automation only an action an actionProvider lists ("Automation will only show actions that are referenced by an actionProvider")', async () => {
    start();
    const refused = await refusal(runtime.runAction('echo-rovo-only', { inputs: { text: 'x' } }));
    expect(refused.code).toBe('ACTION_UNAVAILABLE');
  });

  it('runs from Rovo an action an agent lists, with the issue in view as the payload’s context (rovo-action, "Jira issue example")', async () => {
    start();
    const run = await runtime.runAction('echo-rovo-only', {
      via: 'rovo',
      inputs: { text: 'hi' },
      issueKey: 'PLAT-3',
      accountId: 'local-user',
    });
    expect(run.outcome).toBe('succeeded');
    const { payload, context } = JSON.parse(String((run.result as { seen: string }).seen));
    const found = runtime.fixture.findIssue('PLAT-3')!;
    expect(payload).toEqual({
      text: 'hi',
      context: {
        cloudId: runtime.site.cloudId,
        moduleKey: 'echo-rovo-only',
        jira: {
          url: `${runtime.site.siteUrl}/browse/PLAT-3`,
          resourceType: 'issue',
          issueKey: 'PLAT-3',
          issueId: Number(found.issue.id),
          issueType: 'task',
          issueTypeId: Number(runtime.fixture.issueType(found.issue).id),
          projectKey: 'PLAT',
          projectId: Number(found.project.id),
        },
      },
    });
    // "The context contains the user's accountId."
    expect(context.principal).toEqual({ accountId: 'local-user' });
  });

  it('passes Rovo’s inputs through unchecked: a language model chose them ("subject to hallucination")', async () => {
    start();
    const run = await runtime.runAction('echo-rovo-only', { via: 'rovo', inputs: { text: 7, invented: true } });
    expect(JSON.parse(String((run.result as { seen: string }).seen)).payload).toEqual({ text: 7, invented: true });
  });

  it('refuses an unknown action, user or issue', async () => {
    start();
    expect((await refusal(runtime.runAction('nope'))).code).toBe('UNKNOWN_MODULE');
    expect((await refusal(runtime.runAction('echo-action', { inputs: { text: 'x' }, accountId: 'ghost' }))).code).toBe('UNKNOWN_USER');
    expect((await refusal(runtime.runAction('echo-action', { inputs: { text: 'x' }, issueKey: 'NOPE-1' }))).code).toBe('UNKNOWN_ISSUE');
  });
});

describe('the configuration form’s context ("Maintaining configuration state", "Rule Validation")', () => {
  it('is a Custom UI module of its own, with the saved inputs and Automation’s complaints about them', () => {
    start();
    expect(runtime.manifest.uiModules.get('echo-action')).toMatchObject({ type: 'action', resourceKey: 'ui', place: 'automation-rule' });
    expect(runtime.browserContext('echo-action', 'local-user').extension).toEqual({
      type: 'action',
      data: { inputs: {} },
      errors: { invalidInputs: {} },
    });
    expect(runtime.browserContext('echo-action', 'local-user', { inputs: { count: 'x' } }).extension).toEqual({
      type: 'action',
      data: { inputs: { count: 'x' } },
      errors: { invalidInputs: { text: { message: 'text is required' }, count: { message: 'count must be an integer' } } },
    });
  });

  it('takes no issue or page', () => {
    start();
    expect(() => runtime.browserContext('echo-action', 'local-user', { issueKey: 'PLAT-1' })).toThrow(/takes only inputs/);
  });
});

describe('action modules in the manifest (automation-action, "Manifest")', () => {
  const refusedWith = (edit: (m: string) => string): string => {
    try {
      start({ manifestPath: editedCopy(edit) });
    } catch (error) {
      return String((error as Error).message);
    }
    throw new Error('the manifest was accepted');
  };

  it('reads each action’s inputs, outputs and where it is offered', () => {
    start();
    const action = runtime.manifest.actions.get('echo-action');
    expect(action).toMatchObject({ actionVerb: 'GET', configResourceKey: 'ui', inAutomation: true, inRovo: true });
    expect(action?.inputs.get('count')).toEqual({ title: 'Count', type: 'integer', required: false });
    expect(action?.outputs.get('me')).toEqual({ type: 'string', nullable: true });
    expect(runtime.manifest.actions.get('echo-rovo-only')).toMatchObject({ inAutomation: false, inRovo: true });
  });

  it('refuses outputs without an outputContext ("mandatory … if you have any defined outputs")', () => {
    expect(refusedWith((m) => m.replace(/ {6}outputContext:\n(.*\n){3}/, ''))).toContain(
      "action 'echo-action': outputs need an outputContext",
    );
  });

  it('refuses an input type other than string, integer, number, boolean', () => {
    expect(refusedWith((m) => m.replace('type: number', 'type: date'))).toContain(
      "input 'ratio' must be of type string, integer, number, boolean",
    );
  });

  it('refuses an unknown actionVerb, and an input without required', () => {
    expect(refusedWith((m) => m.replace('actionVerb: GET', 'actionVerb: READ'))).toContain(
      'actionVerb must be one of GET, CREATE, UPDATE, DELETE, TRIGGER',
    );
    expect(refusedWith((m) => m.replace(/(count:\n(?:.*\n){2}) {10}required: false\n/, '$1'))).toContain(
      "input 'count' must say whether it is required",
    );
  });

  it('refuses an action in Automation without a configuration form (the table marks config as required)', () => {
    expect(refusedWith((m) => m.replace('      config: { resource: ui }\n', ''))).toContain(
      "action 'echo-action': an Automation action needs a configuration form",
    );
  });

  it('refuses a UI Kit form, which the runtime does not emulate, and an unknown resource', () => {
    expect(refusedWith((m) => m.replace('config: { resource: ui }', 'config: { resource: ui, render: native }'))).toContain(
      'render: native) is not emulated',
    );
    expect(refusedWith((m) => m.replace('config: { resource: ui }', 'config: { resource: gone }'))).toContain(
      "unknown config resource 'gone'",
    );
  });

  it('refuses a provider or an agent that lists an unknown action', () => {
    expect(
      refusedWith((m) => m.replace('      actions:\n        - echo-action\n  action:', '      actions:\n        - ghost\n  action:')),
    ).toContain("automation:actionProvider 'echo-actions': unknown action 'ghost'");
  });

  it('refuses more than 20 Automation actions ("A single app is allowed to define up to 20")', () => {
    const many = Array.from({ length: 21 }, (_, i) => `copy-${i}`);
    const refused = refusedWith((m) => {
      const block = / {4}- key: echo-action\n(?: {6}.*\n)+/.exec(m)![0];
      const copies = many.map((key) => block.replace('key: echo-action', `key: ${key}`)).join('');
      return m.replace('        - echo-action\n  action:\n', `${many.map((k) => `        - ${k}\n`).join('')}  action:\n${copies}`);
    });
    expect(refused).toContain('21 Automation actions: an app is allowed to define up to 20');
  });
});
