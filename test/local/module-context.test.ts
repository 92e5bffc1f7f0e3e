import path from 'node:path';
import { LocalRuntime } from '../../local/runtime';
import { ECHO_APP, editedEchoApp } from '../support/echo-app';

/**
 * The context of a module that lives on an issue or a page: `extension` in the shapes of
 * manifest-reference/modules/jira-issue-panel and jira-issue-context ("Extension data") and
 * manifest-reference/modules/macro ("Extension context"), with a macro's instance id as the
 * top-level `localId` (apis-reference/ui-api-bridge/view: "localId: A unique ID for this instance
 * of this app in the content"). The same reaches `view.getContext()` and the resolver's `context`
 * (runtime-reference/custom-ui-resolver).
 */

let runtime: LocalRuntime;
beforeAll(() => {
  runtime = new LocalRuntime({ manifestPath: path.join(ECHO_APP, 'manifest.yml') });
});
afterAll(() => runtime.close());

const resolverContext = (moduleKey: string, context?: object, accountId = 'local-user') =>
  runtime.invokeResolver({ moduleKey, functionKey: 'context', accountId, ...(context ? { context } : {}) }) as Promise<Record<string, any>>;

describe('an issue panel and an issue context (manifest-reference/modules/jira-issue-panel, jira-issue-context)', () => {
  it('describes the issue and its project in extension, from the fixture site', async () => {
    const context = await resolverContext('echo-panel', { issueKey: 'PLAT-7' });
    expect(context.extension).toEqual({
      type: 'jira:issuePanel',
      issue: { id: '20007', key: 'PLAT-7', type: 'Task', typeId: '10001' },
      project: { id: '10000', key: 'PLAT', type: 'software' },
      isNewToIssue: false,
      location: 'https://quorum-local.atlassian.net/browse/PLAT-7',
    });
    // The trusted fields of the resolver's context stay the platform's.
    expect(context).toMatchObject({ accountId: 'local-user', installContext: runtime.installContext, moduleKey: 'echo-panel' });
  });

  it('gives a jira:issueContext the same without isNewToIssue, which only the panel has', async () => {
    const context = await resolverContext('echo-issue-context', { issueKey: 'ops-2' });
    expect(context.extension).toEqual({
      type: 'jira:issueContext',
      issue: { id: '21002', key: 'OPS-2', type: 'Task', typeId: '10001' },
      project: { id: '10001', key: 'OPS', type: 'software' },
      location: 'https://quorum-local.atlassian.net/browse/OPS-2',
    });
  });

  it('answers the same to view.getContext() as to the resolver', () => {
    const context = runtime.browserContext('echo-panel', 'local-viewer', { issueKey: 'PLAT-1' });
    expect(context).toMatchObject({ accountId: 'local-viewer', moduleKey: 'echo-panel', extension: { issue: { key: 'PLAT-1' } } });
    expect(typeof context['localId']).toBe('string');
  });

  it('follows an issue that moved: the old key opens the panel on the issue with its new key', async () => {
    const own = new LocalRuntime({ manifestPath: path.join(ECHO_APP, 'manifest.yml') });
    try {
      own.moveIssue('PLAT-4', 'OPS');
      const context = own.browserContext('echo-panel', 'local-admin', { issueKey: 'PLAT-4' });
      expect(context['extension']).toMatchObject({ issue: { id: '20004', key: 'OPS-51' }, project: { key: 'OPS' } });
    } finally {
      await own.close();
    }
  });

  it('refuses an issue panel without an issue, on an unknown issue, or with a page’s fields', async () => {
    await expect(resolverContext('echo-panel')).rejects.toMatchObject({
      code: 'INVALID_CONTEXT',
      message: expect.stringContaining('issueKey'),
    });
    await expect(resolverContext('echo-panel', { issueKey: 'PLAT-404' })).rejects.toMatchObject({ code: 'UNKNOWN_ISSUE' });
    await expect(resolverContext('echo-panel', { issueKey: 'PLAT-1', localId: 'm-1' })).rejects.toMatchObject({
      code: 'INVALID_CONTEXT',
      message: expect.stringContaining('localId'),
    });
  });
});

describe('a macro (manifest-reference/modules/macro, "Extension context")', () => {
  it('describes the page and its space, and has the instance id as the top-level localId', async () => {
    const context = await resolverContext('echo-macro', { pageId: '2001', localId: 'm-1' });
    expect(context.localId).toBe('m-1');
    expect(context.extension).toEqual({
      type: 'macro',
      content: { id: '2001', type: 'page', subtype: null },
      space: { id: '1001', key: 'ENG' },
      isEditing: false,
    });
    expect(context.extension.localId).toBeUndefined();
  });

  it('passes the saved config and isEditing through', async () => {
    const context = await resolverContext('echo-macro', { pageId: '3002', localId: 'm-2', isEditing: true, config: { pollId: 'p-1' } });
    expect(context.extension).toMatchObject({ space: { id: '1002', key: 'HR' }, isEditing: true, config: { pollId: 'p-1' } });
  });

  it('refuses a macro without its localId, on an unknown or deleted page, or placed on an issue', async () => {
    await expect(resolverContext('echo-macro', { pageId: '2001' })).rejects.toMatchObject({
      code: 'INVALID_CONTEXT',
      message: expect.stringContaining('localId'),
    });
    await expect(resolverContext('echo-macro', { pageId: '9999', localId: 'm-1' })).rejects.toMatchObject({ code: 'UNKNOWN_PAGE' });
    await expect(resolverContext('echo-macro', { issueKey: 'PLAT-1' })).rejects.toMatchObject({
      code: 'INVALID_CONTEXT',
      message: expect.stringContaining('issueKey'),
    });
    const own = new LocalRuntime({ manifestPath: path.join(ECHO_APP, 'manifest.yml') });
    try {
      own.deletePage('2005');
      expect(() => own.browserContext('echo-macro', 'local-admin', { pageId: '2005', localId: 'm-1' })).toThrow(
        expect.objectContaining({ code: 'UNKNOWN_PAGE' }),
      );
    } finally {
      await own.close();
    }
  });
});

describe('a module that lives nowhere in particular (jira:adminPage)', () => {
  it('keeps its plain extension, and refuses a place', async () => {
    expect((await resolverContext('echo-admin')).extension).toEqual({ type: 'jira:adminPage' });
    await expect(resolverContext('echo-admin', { issueKey: 'PLAT-1' })).rejects.toMatchObject({ code: 'INVALID_CONTEXT' });
  });
});

describe('module types in the manifest', () => {
  it('names a macro whose config resource does not exist (manifest-reference/modules/macro: config.resource)', () => {
    const file = editedEchoApp('echo-macro-config', (m) =>
      m.replace(/config:\n {8}resource: ui/, 'config:\n        resource: missing-config'),
    );
    expect(() => new LocalRuntime({ manifestPath: file })).toThrow("macro 'echo-macro': unknown config resource 'missing-config'");
  });

  it('reads where each module lives and a macro’s config resource', () => {
    expect(runtime.manifest.uiModules.get('echo-panel')).toMatchObject({ place: 'issue', configResourceKey: undefined });
    expect(runtime.manifest.uiModules.get('echo-issue-context')).toMatchObject({ place: 'issue' });
    expect(runtime.manifest.uiModules.get('echo-macro')).toMatchObject({ place: 'content', configResourceKey: 'ui' });
    expect(runtime.manifest.uiModules.get('echo-admin')?.place).toBeUndefined();
  });
});
