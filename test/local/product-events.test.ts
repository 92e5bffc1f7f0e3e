import path from 'node:path';
import { kvs } from '@forge/kvs';
import { LocalRuntime, type LocalRuntimeOptions } from '../../local/runtime';
import { ECHO_APP, editedEchoApp, echoRuntime, type FunctionFailure } from '../support/echo-app';

/**
 * Product event triggers: manifest-reference/modules/trigger (`key`, `function`, `events`,
 * `filter.ignoreSelf`; the function gets `(event, context)`), events-reference/product_events
 * (scopes per event, "Atlassian app events larger than 200 kB are not delivered",
 * `selfGenerated`), events-reference/jira and events-reference/confluence (payloads).
 */
/** The echo app with the scopes Confluence's trashed and deleted page events need (events-reference/confluence). */
const CONFLUENCE_SCOPES = '    - read:confluence-content.summary\n    - write:confluence-content\n';

let runtime: LocalRuntime;
let errors: FunctionFailure[];
function start(options: LocalRuntimeOptions = {}): LocalRuntime {
  errors = [];
  return (runtime = echoRuntime(errors, options));
}
afterEach(() => runtime.close());

type Received = { event: any; context: any; asUserRefused: boolean };
const received = async (triggerKey: string): Promise<Received[]> =>
  (await runtime.run(() => kvs.get<Received[]>(`events:${triggerKey}`))) ?? [];

const editedCopy = (edit: (manifest: string) => string): string => editedEchoApp('echo-events', edit);
const withConfluenceScopes = (): string =>
  editedCopy((m) => m.replace('    - read:jira-work\n', `    - read:jira-work\n${CONFLUENCE_SCOPES}`));

describe('delivering an event (manifest-reference/modules/trigger, "Function arguments")', () => {
  it('calls every trigger subscribed to the event with (event, context), and answers which received it', async () => {
    start();
    const delivery = await runtime.fireEvent('avi:jira:deleted:issue', { issue: { id: '20001', key: 'PLAT-1' } });
    expect(delivery).toEqual({
      eventType: 'avi:jira:deleted:issue',
      delivered: [
        { trigger: 'echo-issue-events', outcome: 'returned' },
        { trigger: 'echo-not-self', outcome: 'returned' },
      ],
      skipped: [],
    });
    const [got] = await received('echo-issue-events');
    expect(got?.event).toEqual({
      issue: { id: '20001', key: 'PLAT-1' },
      eventType: 'avi:jira:deleted:issue',
      selfGenerated: false,
      timestamp: expect.stringMatching(/^\d{13}$/),
    });
    expect(got?.context.installContext).toBe(runtime.installContext);
    expect(got?.context.principal).toBeUndefined();
    expect(got?.asUserRefused).toBe(true);
    expect(await received('echo-page-events')).toEqual([]);
  });

  it('keeps the payload’s own root fields and forces eventType to the event’s name', async () => {
    start();
    await runtime.fireEvent('avi:jira:updated:issue', {
      eventType: 'something else',
      timestamp: '1700000000000',
      atlassianId: 'local-user',
    });
    const [got] = await received('echo-issue-events');
    expect(got?.event).toMatchObject({ eventType: 'avi:jira:updated:issue', timestamp: '1700000000000', atlassianId: 'local-user' });
  });

  it('delivers to no one an event no trigger subscribes to', async () => {
    start();
    await expect(runtime.fireEvent('avi:jira:created:issue', {})).resolves.toEqual({
      eventType: 'avi:jira:created:issue',
      delivered: [],
      skipped: [],
    });
  });

  it('does not deliver an event the manifest’s scopes do not cover, using the mapping forge lint uses (@forge/manifest)', async () => {
    start();
    const delivery = await runtime.fireEvent('avi:confluence:deleted:page', { content: { id: '2001' } });
    expect(delivery.delivered).toEqual([]);
    expect(delivery.skipped).toEqual([
      {
        trigger: 'echo-page-events',
        reason:
          "the manifest's scopes do not cover avi:confluence:deleted:page (missing read:confluence-content.summary, write:confluence-content)",
      },
    ]);
    expect(await received('echo-page-events')).toEqual([]);
    await expect(runtime.missingEventScopes('avi:jira:deleted:issue')).resolves.toEqual([]);
  });

  it('delivers it once the manifest has the scopes ("Trashed and deleted events … require the OAuth scope write:confluence-content")', async () => {
    start({ manifestPath: withConfluenceScopes() });
    const delivery = await runtime.fireEvent('avi:confluence:deleted:page', { content: { id: '2001' } });
    expect(delivery.delivered).toEqual([{ trigger: 'echo-page-events', outcome: 'returned' }]);
    const [got] = await received('echo-page-events');
    expect(got?.event).toMatchObject({
      eventType: 'avi:confluence:deleted:page',
      selfGenerated: false,
      suppressNotifications: false,
      eventCreatedDate: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
    });
  });

  it('skips a trigger with filter.ignoreSelf for a self-generated event (events-reference/product_events, "ignoreSelf")', async () => {
    start();
    const delivery = await runtime.fireEvent('avi:jira:deleted:issue', { selfGenerated: true, issue: { id: '20001' } });
    expect(delivery.delivered).toEqual([{ trigger: 'echo-issue-events', outcome: 'returned' }]);
    expect(delivery.skipped).toEqual([{ trigger: 'echo-not-self', reason: 'filter.ignoreSelf: the event is self-generated' }]);
    const [got] = await received('echo-issue-events');
    expect(got?.event.selfGenerated).toBe(true);
  });

  it('does not deliver an event larger than 200 kB ("Atlassian app events larger than 200 kB are not delivered")', async () => {
    start();
    const delivery = await runtime.fireEvent('avi:jira:deleted:issue', { filler: 'x'.repeat(200_000) });
    expect(delivery.delivered).toEqual([]);
    expect(delivery.skipped.map((s) => s.reason)).toEqual(['the event is larger than 200 kB', 'the event is larger than 200 kB']);
  });

  it('logs a function that throws or runs past its time, per trigger (limits-invocation)', async () => {
    start({ limits: { eventTimeoutMs: 50 } });
    const thrown = await runtime.fireEvent('avi:jira:updated:issue', { explode: true });
    expect(thrown.delivered).toEqual([{ trigger: 'echo-issue-events', outcome: 'threw' }]);
    expect(String(errors[0]?.error)).toContain('event boom');
    expect(errors[0]?.where).toBe("trigger 'echo-issue-events' (avi:jira:updated:issue)");
    const slow = await runtime.fireEvent('avi:jira:updated:issue', { sleepMs: 1_000 });
    expect(slow.delivered).toEqual([{ trigger: 'echo-issue-events', outcome: 'timedOut' }]);
    expect(runtime.limits.eventTimeoutMs).toBe(50);
    expect(new LocalRuntime({ manifestPath: path.join(ECHO_APP, 'manifest.yml') }).limits.eventTimeoutMs).toBe(25_000);
  });

  it('refuses a name that is not an event name, and a payload that is not an object', async () => {
    start();
    await expect(runtime.fireEvent('deleted issue', {})).rejects.toMatchObject({ code: 'INVALID_EVENT' });
    await expect(runtime.fireEvent('avi:jira:deleted:issue', [] as never)).rejects.toMatchObject({ code: 'INVALID_EVENT' });
  });
});

describe('trigger modules in the manifest (manifest-reference/modules/trigger)', () => {
  afterEach(() => start());

  it('reads key, function, events and filter', () => {
    start();
    expect(runtime.manifest.triggers.get('echo-not-self')).toEqual({
      key: 'echo-not-self',
      functionKey: 'event-fn',
      events: ['avi:jira:deleted:issue'],
      filter: { ignoreSelf: true, expression: undefined },
    });
  });

  it('refuses a trigger without events, or with an unknown function', () => {
    const noEvents = editedCopy((m) => m.replace('        - avi:jira:updated:issue\n        - avi:jira:deleted:issue\n', ''));
    expect(() => new LocalRuntime({ manifestPath: noEvents })).toThrow("trigger 'echo-issue-events': events must be a list of event names");
    const ghost = editedCopy((m) => m.replace('function: event-fn', 'function: ghost-fn'));
    expect(() => new LocalRuntime({ manifestPath: ghost })).toThrow("trigger 'echo-issue-events': unknown function 'ghost-fn'");
  });

  it('delivers to a trigger with a filter expression, which it does not evaluate, and says so', async () => {
    start({
      manifestPath: editedCopy((m) =>
        m.replace('        ignoreSelf: true\n', "        ignoreSelf: true\n        expression: event.issue.key == 'PLAT-1'\n"),
      ),
    });
    const delivery = await runtime.fireEvent('avi:jira:deleted:issue', { issue: { key: 'OPS-1' } });
    expect(delivery.delivered).toContainEqual({
      trigger: 'echo-not-self',
      outcome: 'returned',
      note: 'filter.expression is not evaluated locally',
    });
  });
});

describe('the events fixture changes answer (events-reference/jira, events-reference/confluence)', () => {
  it('moving an issue answers avi:jira:updated:issue with jiraEventTypeName issue_moved, the issue after the move and a changelog', async () => {
    start();
    const moved = runtime.moveIssue('PLAT-3', 'OPS', { accountId: 'local-user' });
    expect(moved.event.name).toBe('avi:jira:updated:issue');
    expect(moved.event.payload).toEqual({
      eventType: 'avi:jira:updated:issue',
      jiraEventTypeName: 'issue_moved',
      selfGenerated: false,
      timestamp: expect.stringMatching(/^\d{13}$/),
      atlassianId: 'local-user',
      issue: {
        id: '20003',
        key: 'OPS-51',
        fields: {
          summary: 'Platform task 3',
          issuetype: expect.objectContaining({ id: '10001', name: 'Task' }),
          project: expect.objectContaining({ id: '10001', key: 'OPS', name: 'Operations' }),
        },
      },
      changelog: {
        id: expect.any(String),
        items: [
          {
            field: 'project',
            fieldtype: 'jira',
            fieldId: 'project',
            from: '10000',
            fromString: 'Platform',
            to: '10001',
            toString: 'Operations',
          },
          { field: 'Key', fieldtype: 'jira', from: null, fromString: 'PLAT-3', to: null, toString: 'OPS-51' },
        ],
      },
    });
    // Not fired by the change itself: the test fires it when it wants to.
    expect(await received('echo-issue-events')).toEqual([]);
    await runtime.fireEvent(moved.event.name, moved.event.payload);
    expect((await received('echo-issue-events'))[0]?.event).toMatchObject({ jiraEventTypeName: 'issue_moved', issue: { key: 'OPS-51' } });
  });

  it('deleting an issue answers avi:jira:deleted:issue with the issue as it was', () => {
    start();
    const deleted = runtime.deleteIssue('OPS-9', { selfGenerated: true });
    expect(deleted.event).toEqual({
      name: 'avi:jira:deleted:issue',
      payload: {
        eventType: 'avi:jira:deleted:issue',
        selfGenerated: true,
        timestamp: expect.any(String),
        atlassianId: 'local-admin',
        issue: expect.objectContaining({
          id: '21009',
          key: 'OPS-9',
          fields: expect.objectContaining({ project: expect.objectContaining({ key: 'OPS' }) }),
        }),
      },
    });
  });

  it('trashing and deleting a page answer avi:confluence:trashed:page and avi:confluence:deleted:page in the page events’ format', async () => {
    start({ manifestPath: withConfluenceScopes() });
    const trashed = runtime.trashPage('2004');
    expect(trashed.event.name).toBe('avi:confluence:trashed:page');
    expect(trashed.event.payload).toMatchObject({
      eventType: 'avi:confluence:trashed:page',
      atlassianId: 'local-admin',
      eventCreatedDate: expect.any(String),
      suppressNotifications: false,
      selfGenerated: false,
      content: {
        id: '2004',
        type: 'page',
        status: 'trashed',
        title: 'Engineering page 4',
        space: { id: 1001, key: 'ENG', alias: 'ENG', name: 'Engineering', type: 'global', status: 'current' },
        history: { latest: true, createdBy: expect.objectContaining({ accountId: 'local-admin' }) },
        version: expect.objectContaining({ number: 1 }),
      },
    });
    const deleted = runtime.deletePage('2004');
    expect(deleted.event).toMatchObject({ name: 'avi:confluence:deleted:page', payload: { content: { id: '2004', status: 'trashed' } } });
    expect(runtime.deletePage('2006').event.payload).toMatchObject({ content: { id: '2006', status: 'current' } });
    const delivery = await runtime.fireEvent(deleted.event.name, deleted.event.payload);
    expect(delivery.delivered).toEqual([{ trigger: 'echo-page-events', outcome: 'returned' }]);
  });
});
