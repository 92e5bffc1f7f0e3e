import type { Browser, Page } from 'playwright-core';
import { DEFAULT_POLICY, type TokenView, type Workspaces } from '../../src/shared/tokens';
import { launchBrowser } from '../support/browser';
import {
  buildAdminUiIfMissing,
  MODULE_PATH,
  startStubSite,
  type BridgeAnswer,
  type BridgeAnswers,
  type BridgeCall,
  type StubSite,
} from './stub-site';

const WEB_TRIGGER_URL = 'https://example.atlassian-dev.net/x1/qUoRuMtRiGgEr';
const WORKSPACES: Workspaces = {
  jiraProjects: [{ key: 'PLAT', name: 'Platform' }],
  confluenceSpaces: [{ id: '1001', key: 'ENG', name: 'Engineering' }],
};
const TOKEN: TokenView = {
  id: '5d0c8c37-3c4f-4d0e-9f0b-8f6f0c1d2e3f',
  name: 'Retro rule',
  hint: 'qrm_…a1B2',
  scope: { jiraProjects: ['PLAT'], confluenceSpaces: ['1001'], anyWorkspace: false, operations: ['read'] },
  createdAt: '2026-01-05T10:00:00.000Z',
  createdBy: 'local-admin',
  expiresAt: '2099-01-01T00:00:00.000Z',
  lastUsedAt: null,
  revokedAt: null,
  rotatedFrom: null,
  status: 'active',
  blockedBy: null,
};

const ok = (data: unknown): BridgeAnswer => ({ kind: 'resolve', value: { ok: true, data } });
const refused = (code: string, message: string, fields?: unknown): BridgeAnswer => ({
  kind: 'resolve',
  value: { ok: false, error: fields ? { code, message, fields } : { code, message } },
});

function healthy(overrides: BridgeAnswers = {}): BridgeAnswers {
  return {
    'tokens/list': ok({ tokens: [TOKEN], nextCursor: null }),
    'settings/get': ok({ policy: DEFAULT_POLICY }),
    'site/workspaces': ok(WORKSPACES),
    'api/info': ok({ webTriggerUrl: WEB_TRIGGER_URL }),
    'audit/list': ok({ events: [], nextCursor: null }),
    ...overrides,
  };
}

/** Every console error, uncaught exception and failed request on the page (CSP violations included). */
function collectPageProblems(page: Page): string[] {
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
  page.on('requestfailed', (request) => problems.push(`requestfailed: ${request.url()}`));
  page.on('response', (response) => {
    if (response.status() >= 400) problems.push(`HTTP ${response.status()}: ${response.url()}`);
  });
  return problems;
}

describe('admin page states, in a browser with a stub bridge and a Forge-like CSP', () => {
  let browser: Browser;
  let site: StubSite;
  let page: Page;
  let problems: string[];

  beforeAll(async () => {
    buildAdminUiIfMissing();
    [browser, site] = await Promise.all([launchBrowser(), startStubSite()]);
  }, 120_000);
  afterAll(async () => {
    await Promise.all([browser?.close(), site?.close()]);
  });
  beforeEach(async () => {
    page = await browser.newPage({ reducedMotion: 'reduce' });
    page.setDefaultTimeout(10_000);
    problems = collectPageProblems(page);
  });
  afterEach(async () => {
    await page.close();
  });

  async function openWith(answers: BridgeAnswers, hash = ''): Promise<void> {
    site.answer(answers);
    await page.goto(`${site.baseUrl}${MODULE_PATH}${hash}`);
  }

  function bridgeCalls(): Promise<BridgeCall[]> {
    return page.evaluate(() => (globalThis as unknown as { __bridgeCalls: BridgeCall[] }).__bridgeCalls);
  }

  it('calls each first-page resolver once, with an empty payload, and lists the tokens', async () => {
    await openWith(healthy());
    await page.getByTestId(/^token-row-/).waitFor();
    const invoked = (await bridgeCalls()).filter((c) => c.method === 'invoke').map((c) => [c.args.functionKey, c.args.payload]);
    expect(invoked.sort()).toEqual([
      ['api/info', {}],
      ['settings/get', {}],
      ['site/workspaces', {}],
      ['tokens/list', {}],
    ]);
    expect(await page.getByTestId(/^token-row-/).textContent()).toMatch(/Retro rule.*qrm_…a1B2.*PLAT · ENG.*Read only/);
    expect(problems).toEqual([]);
  });

  it('shows a spinner while the tokens load', async () => {
    await openWith(healthy({ 'tokens/list': { kind: 'pending' } }));
    await page.getByTestId('loading').waitFor();
    expect(problems).toEqual([]);
  });

  it('replaces the whole page with one clear message when the user is not a site admin', async () => {
    const forbidden = refused('FORBIDDEN', 'Only Jira or Confluence site admins can manage Quorum.');
    await openWith({
      'tokens/list': forbidden,
      'settings/get': forbidden,
      'site/workspaces': forbidden,
      'api/info': forbidden,
    });
    await page.getByTestId('forbidden').waitFor();
    expect(await page.getByRole('tab').count()).toBe(0);
    expect(await page.getByTestId('error').count()).toBe(0);
    expect(problems).toEqual([]);
  });

  it('shows the resolver’s message for other errors, and tries again on request', async () => {
    const failing = refused('UNEXPECTED', 'Storage is unavailable, try again later.');
    await openWith(healthy({ 'tokens/list': { kind: 'sequence', answers: [failing, ok({ tokens: [TOKEN], nextCursor: null })] } }));
    const error = page.getByTestId('error');
    await error.waitFor();
    expect(await error.textContent()).toContain('Storage is unavailable, try again later.');

    await error.getByRole('button', { name: 'Try again' }).click();
    await page.getByTestId(/^token-row-/).waitFor();
    expect(await page.getByTestId('error').count()).toBe(0);
    expect(problems).toEqual([]);
  });

  it('shows a generic message, not the internal one, when the bridge call itself fails', async () => {
    await openWith(healthy({ 'tokens/list': { kind: 'reject', message: 'resolver crashed: ECONNRESET at 10.0.0.7' } }));
    const error = page.getByTestId('error');
    await error.waitFor();
    expect(await error.textContent()).toContain("Quorum isn't responding");
    expect(await error.textContent()).not.toContain('ECONNRESET');
    // The failure is logged for whoever debugs it; that console error is expected here.
    expect(problems.filter((p) => !p.includes('Resolver call failed'))).toEqual([]);
  });

  it('puts the resolver’s field errors on the matching fields of the Create token dialog', async () => {
    await openWith(
      healthy({
        'tokens/create': refused('VALIDATION', 'The request is invalid.', [
          { field: 'scope.jiraProjects.0', message: 'no Jira project PLAT on this site' },
          { field: 'expiresAt', message: 'must be at most 365 days from now' },
          { field: 'somethingNew', message: 'is not allowed' },
        ]),
      }),
    );
    await page.getByTestId('create-token').click();
    await page.getByLabel('Name', { exact: true }).fill('Stale project');
    const scope = page.locator('#token-scope');
    await scope.fill('Plat');
    await scope.press('Enter');
    await page.getByTestId('create-token-submit').click();
    expect(await page.getByTestId('token-scope-error').textContent()).toBe('No Jira project PLAT on this site.');
    expect(await page.getByTestId('token-expiry-error').textContent()).toBe('Must be at most 365 days from now.');
    expect(await page.getByTestId('create-token-error').textContent()).toContain('somethingNew: is not allowed');
    expect(await page.getByTestId('token-name-error').count()).toBe(0);
    expect(problems).toEqual([]);
  });

  it('puts the resolver’s field errors on the matching settings field', async () => {
    await openWith(
      healthy({
        'settings/update': refused('VALIDATION', 'The request is invalid.', [
          { field: 'policy.requestsPerMinutePerToken', message: 'too high for this site' },
        ]),
      }),
      '#settings',
    );
    await page.getByLabel('Requests per minute, per token').fill('4000');
    await page.getByTestId('settings-save').click();
    expect(await page.getByTestId('policy-requestsPerMinutePerToken-error').textContent()).toBe('Too high for this site.');
    expect(await page.getByTestId('settings-error').textContent()).toContain('The request is invalid.');
    expect(problems).toEqual([]);
  });

  it('still offers the token when the browser refuses clipboard access', async () => {
    await page.addInitScript(() => {
      Object.defineProperty(navigator, 'clipboard', { value: { writeText: () => Promise.reject(new Error('denied')) } });
      document.execCommand = () => false;
    });
    await openWith(healthy({ 'tokens/create': ok({ token: 'qrm_abc', tokenView: TOKEN }) }));
    await page.getByTestId('create-token').click();
    await page.getByLabel('Name', { exact: true }).fill('Retro rule');
    const scope = page.locator('#token-scope');
    await scope.fill('Plat');
    await scope.press('Enter');
    await page.getByTestId('create-token-submit').click();
    await page.getByTestId('revealed-token-copy').click();
    await page.getByText('Your browser blocked copying. Select the text above and copy it by hand.').waitFor();
    expect(await page.getByTestId('revealed-token').textContent()).toBe('qrm_abc');
    expect(problems).toEqual([]);
  });
});
