import path from 'node:path';
import type { Browser } from 'playwright-core';
import { startLocalServer, type LocalServer } from '../../local/http/server';
import { LocalRuntime } from '../../local/runtime';
import { launchBrowser } from '../support/browser';
import { openModule, type ModulePage } from '../support/forge-page';
import { ECHO_APP } from '../support/echo-app';

/**
 * The page around a Custom UI module: the resource in an iframe with the sandbox Forge applies
 * and apps cannot change (custom-ui/iframe; manifest-reference/permissions, "Popups from
 * embedded iframes are blocked by default"), and router calls answered by the host
 * (apis-reference/ui-api-bridge/router).
 */

let browser: Browser;
let runtime: LocalRuntime;
let server: LocalServer;
let host: ModulePage;

beforeAll(async () => {
  browser = await launchBrowser();
  runtime = new LocalRuntime({ manifestPath: path.join(ECHO_APP, 'manifest.yml') });
  server = await startLocalServer(runtime, { port: 0 });
});
afterAll(async () => {
  await server.close();
  await runtime.close();
  await browser.close();
});
beforeEach(async () => {
  host = await openModule(browser, `${server.url}/modules/echo-admin/`);
  await host.app.locator('#status').waitFor();
});
afterEach(() => host.page.close());

const navigate = (args: object) =>
  host.app.evaluate(
    (navigation) =>
      (globalThis as unknown as { __bridge: { callBridge(m: string, a: object): Promise<void> } }).__bridge
        .callBridge('navigate', navigation)
        .then(
          () => 'opened',
          (error: Error) => `refused: ${error.message}`,
        ),
    args,
  );

describe('the host page of a Custom UI host', () => {
  it('serves the resource in a sandboxed iframe without allow-popups', async () => {
    const sandbox = await host.page.locator('#forge-frame').getAttribute('sandbox');
    expect(sandbox?.split(' ').sort()).toEqual(
      ['allow-downloads', 'allow-forms', 'allow-modals', 'allow-pointer-lock', 'allow-same-origin', 'allow-scripts'].sort(),
    );
  });

  it('opens nothing for a target="_blank" link, as Forge’s sandbox blocks popups', async () => {
    const popups: string[] = [];
    host.page.context().on('page', (page) => popups.push(page.url()));
    await host.app.locator('#new-tab').click();
    // A popup would have opened by the time the frame's next evaluation returns.
    await host.app.evaluate(() => new Promise((resolve) => setTimeout(resolve, 300)));
    expect(popups).toEqual([]);
  });

  it('opens an external page for router.open once the user agrees', async () => {
    host.page.once('dialog', (dialog) => void dialog.accept());
    const [opened, answer] = await Promise.all([
      host.page.context().waitForEvent('page'),
      navigate({ url: `${server.url}/x1/echo`, type: 'new-tab' }),
    ]);
    expect(answer).toBe('opened');
    await opened.waitForLoadState();
    expect(opened.url()).toBe(`${server.url}/x1/echo`);
    await opened.close();
  });

  it('rejects router.open when the user declines to leave the site', async () => {
    host.page.once('dialog', (dialog) => void dialog.dismiss());
    expect(await navigate({ url: 'https://elsewhere.example/page', type: 'new-tab' })).toMatch(/^refused: The user declined/);
  });
});

describe('the place of a module reaches its frame (manifest-reference/modules/jira-issue-panel and macro, "Extension data")', () => {
  type Bridge = { __bridge: { callBridge(method: string, args?: object): Promise<any> } };
  const inFrame = (page: ModulePage, method: string, args?: object) =>
    page.app.evaluate(([m, a]) => (globalThis as unknown as Bridge).__bridge.callBridge(m as string, a as object), [method, args] as const);

  it('gives view.getContext() and the resolver the issue of ?issueKey=, as the user of ?accountId=', async () => {
    const panel = await openModule(browser, `${server.url}/modules/echo-panel/?issueKey=OPS-4&accountId=local-user`);
    try {
      const context = await inFrame(panel, 'getContext');
      expect(context).toMatchObject({
        accountId: 'local-user',
        extension: { type: 'jira:issuePanel', issue: { key: 'OPS-4' }, project: { key: 'OPS' } },
      });
      const resolved = await inFrame(panel, 'invoke', { functionKey: 'context', payload: {} });
      expect(resolved).toMatchObject({ accountId: 'local-user', extension: { issue: { id: '21004', key: 'OPS-4' } } });
    } finally {
      await panel.page.close();
    }
  });

  it('gives a macro its page, localId and config from the query', async () => {
    const config = encodeURIComponent(JSON.stringify({ pollId: 'p-3' }));
    const macro = await openModule(browser, `${server.url}/modules/echo-macro/?pageId=2002&localId=m-42&config=${config}`);
    try {
      const resolved = await inFrame(macro, 'invoke', { functionKey: 'context', payload: {} });
      expect(resolved).toMatchObject({
        localId: 'm-42',
        extension: { content: { id: '2002' }, space: { key: 'ENG' }, config: { pollId: 'p-3' } },
      });
    } finally {
      await macro.page.close();
    }
  });
});
