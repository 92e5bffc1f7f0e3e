import { spawnSync } from 'node:child_process';
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Browser } from 'playwright-core';
import { startLocalServer } from '../local/http/server';
import { LocalRuntime } from '../local/runtime';
import type { ResolverResult } from '../src/shared/resolver-contract';
import { launchBrowser } from '../test/support/browser';
import { appFrame } from '../test/support/forge-page';
import { median } from './stats';

/**
 * Each Custom UI app's weight and speed — the admin page and the poll panel/macro: every file of
 * its build (raw and gzip, what the first load fetches versus chunks loaded on demand), and the
 * time to first meaningful render in headless Chromium through the local runtime — from the host
 * page's navigation start, and from the app frame's, until the ready element is visible; median
 * of several cold loads. Printed, never asserted.
 *
 *   node --import tsx bench/ui-bundle.ts            (builds the UI first)
 *   node --import tsx bench/ui-bundle.ts --no-build (measures static/<app>/dist as it is)
 */
const REPO_ROOT = path.resolve(__dirname, '..');
const LOADS = Number(process.env['BENCH_UI_LOADS'] ?? 5);
const SEEDED_TOKENS = 25;
const SEEDED_POLLS = 3;
const DAY_MS = 24 * 60 * 60 * 1000;

type Scenario = { label: string; path: string; ready: string[]; seed: (runtime: LocalRuntime) => Promise<void> };
type UiApp = { name: string; title: string; dir: string; scenarios: Scenario[] };

const ADMIN_PAGE = '/modules/quorum-jira-admin/';
const ISSUE_PANEL = '/modules/quorum-issue-panel/?issueKey=PLAT-1&accountId=local-viewer';

const APPS: readonly UiApp[] = [
  {
    name: 'admin',
    title: 'Admin page',
    dir: 'static/admin',
    scenarios: [
      { label: 'empty installation → empty state', path: ADMIN_PAGE, ready: ['tokens-empty'], seed: async () => {} },
      {
        label: `${SEEDED_TOKENS} tokens → tokens table`,
        path: ADMIN_PAGE,
        ready: ['tokens-table--table'],
        seed: (runtime) => seedTokens(runtime, SEEDED_TOKENS),
      },
    ],
  },
  {
    name: 'poll',
    title: 'Issue panel and macro',
    dir: 'static/poll',
    scenarios: [
      { label: 'issue without polls → empty state', path: ISSUE_PANEL, ready: ['polls-empty'], seed: async () => {} },
      {
        label: `${SEEDED_POLLS} polls with votes → poll cards`,
        path: ISSUE_PANEL,
        ready: ['poll-results'],
        seed: (runtime) => seedPolls(runtime, SEEDED_POLLS),
      },
    ],
  },
];

type FileSize = { file: string; raw: number; gzip: number; initial: boolean };

function buildUi(app: UiApp): void {
  const viteBin = path.join(path.dirname(require.resolve('vite/package.json')), 'bin', 'vite.js');
  const build = spawnSync(process.execPath, [viteBin, 'build', '--config', `${app.dir}/vite.config.mts`, '--logLevel', 'error'], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
  });
  if (build.status !== 0) throw new Error(`UI build failed:\n${build.stdout}\n${build.stderr}`);
}

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const nested = await Promise.all(
    entries.map((entry) => (entry.isDirectory() ? filesUnder(path.join(dir, entry.name)) : Promise.resolve([path.join(dir, entry.name)]))),
  );
  return nested.flat();
}

/** Every file of a build, raw and gzip; `initial` is filled in once the browser has shown what it fetches. */
async function bundleSizes(distDir: string): Promise<FileSize[]> {
  const sizes = await Promise.all(
    (await filesUnder(distDir)).map(async (file) => {
      const content = await readFile(file);
      const relative = path.relative(distDir, file).split(path.sep).join('/');
      return { file: relative, raw: (await stat(file)).size, gzip: gzipSync(content, { level: 9 }).length, initial: false };
    }),
  );
  return sizes.sort((a, b) => b.raw - a.raw);
}

const kb = (bytes: number): string => `${(bytes / 1024).toFixed(1)} kB`;

function printSizes(app: UiApp, sizes: FileSize[]): void {
  console.log(`\nCustom UI bundle (${app.dir}/dist)`);
  console.log(`${'file'.padEnd(58)} ${'raw'.padStart(10)} ${'gzip'.padStart(10)}  load`);
  for (const s of sizes)
    console.log(`${s.file.padEnd(58)} ${kb(s.raw).padStart(10)} ${kb(s.gzip).padStart(10)}  ${s.initial ? 'initial' : 'on demand'}`);
  const total = (filter: (s: FileSize) => boolean): string => {
    const picked = sizes.filter(filter);
    const raw = picked.reduce((sum, s) => sum + s.raw, 0);
    const gzip = picked.reduce((sum, s) => sum + s.gzip, 0);
    return `${kb(raw).padStart(10)} raw ${kb(gzip).padStart(10)} gzip  (${picked.length} files)`;
  };
  console.log(`total JS                      ${total((s) => s.file.endsWith('.js'))}`);
  console.log(`total CSS                     ${total((s) => s.file.endsWith('.css'))}`);
  console.log(`all files                     ${total(() => true)}`);
  console.log(`first load (fetched before the first render) ${total((s) => s.initial)}`);
}

async function seedTokens(runtime: LocalRuntime, count: number): Promise<void> {
  for (let i = 0; i < count; i++) {
    const result = (await runtime.invokeResolver({
      moduleKey: 'quorum-jira-admin',
      functionKey: 'tokens/create',
      accountId: 'local-admin',
      payload: {
        name: `Automation rule ${i + 1}`,
        scope: { jiraProjects: ['PLAT'], confluenceSpaces: [], anyWorkspace: false, operations: ['read'] },
        expiresAt: new Date(Date.now() + (i + 1) * DAY_MS).toISOString(),
      },
    })) as ResolverResult<unknown>;
    if (!result.ok) throw new Error(`seeding failed: ${result.error.message}`);
  }
}

/** Polls on PLAT-1 with a few votes each, as people on the issue left them. */
async function seedPolls(runtime: LocalRuntime, count: number): Promise<void> {
  const place = { issueKey: 'PLAT-1' };
  for (let i = 0; i < count; i++) {
    const created = (await runtime.invokeResolver({
      moduleKey: 'quorum-issue-panel',
      functionKey: 'polls/create',
      accountId: 'local-user',
      context: place,
      payload: { poll: { title: `Question ${i + 1}`, options: ['Yes', 'No', 'Maybe'].map((title) => ({ title })) } },
    })) as ResolverResult<{ poll: { id: string } }>;
    if (!created.ok) throw new Error(`seeding failed: ${created.error.message}`);
    for (let v = 1; v <= 5; v++) {
      const voted = (await runtime.invokeResolver({
        moduleKey: 'quorum-issue-panel',
        functionKey: 'polls/vote',
        accountId: `voter-${String(v).padStart(3, '0')}`,
        context: place,
        payload: { pollId: created.data.poll.id, optionIds: [String((v % 3) + 1)] },
      })) as ResolverResult<unknown>;
      if (!voted.ok) throw new Error(`seeding failed: ${voted.error.message}`);
    }
  }
}

/**
 * Milliseconds from navigation start until the first meaningful content is visible, per load, and
 * the files of the app's frame fetched by then (its first load, whatever the entry imports lazily).
 */
async function renderTimes(
  browser: Browser,
  url: string,
  readyTestIds: string[],
): Promise<{ times: number[]; frameTimes: number[]; fetched: Set<string> }> {
  const times: number[] = [];
  const frameTimes: number[] = [];
  const fetched = new Set<string>();
  for (let i = 0; i < LOADS; i++) {
    // A new context each time: nothing cached, as on an admin's first visit.
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    // The moment the content shows, taken by a mutation observer in each frame as the DOM changes
    // (a poll of the page would notice it a frame late, after the page may have gone on to
    // prefetch its other parts): from the host page's navigation (what the person waits) and
    // from the app frame's own.
    await context.addInitScript({
      content: `(() => {
        const ids = ${JSON.stringify(readyTestIds)};
        const observer = new MutationObserver(() => {
          const shown = ids.some((id) => {
            const el = document.querySelector('[data-testid="' + id + '"]');
            return el instanceof HTMLElement && el.offsetParent !== null;
          });
          if (!shown) return;
          observer.disconnect();
          window.__firstRender = [performance.timeOrigin + performance.now() - window.parent.performance.timeOrigin, performance.now()];
        });
        observer.observe(document, { subtree: true, childList: true, attributes: true });
      })();`,
    });
    const page = await context.newPage();
    await page.goto(url, { waitUntil: 'commit' });
    const app = await appFrame(page);
    const handle = await app.waitForFunction(() => (window as { __firstRender?: [number, number] }).__firstRender ?? false, undefined, {
      polling: 'raf',
      timeout: 30_000,
    });
    const [fromHost, fromFrame] = (await handle.jsonValue()) as [number, number];
    times.push(fromHost);
    frameTimes.push(fromFrame);
    // Only what was asked for before the first render: the page prefetches its other parts once idle.
    const files = await app.evaluate(
      (readyAt: number) => [
        location.pathname,
        ...performance
          .getEntriesByType('resource')
          .filter((entry) => entry.startTime <= readyAt)
          .map((entry) => new URL(entry.name).pathname),
      ],
      fromFrame,
    );
    for (const file of files) {
      const inFrame = /\/frame\/(.*)$/.exec(file)?.[1];
      if (inFrame !== undefined) fetched.add(inFrame === '' ? 'index.html' : inFrame);
    }
    await context.close();
  }
  return { times, frameTimes, fetched };
}

function printTimes(label: string, times: number[]): void {
  const shown = times.map((t) => t.toFixed(0)).join(', ');
  console.log(`${label.padEnd(44)} median ${median(times).toFixed(0).padStart(5)} ms   (${shown})`);
}

export type UiBundleResults = {
  firstLoad: { files: number; rawBytes: number; gzipBytes: number };
  onDemand: { files: number; rawBytes: number; gzipBytes: number };
  renderMs: Record<string, number>;
};

function totals(sizes: FileSize[]): { files: number; rawBytes: number; gzipBytes: number } {
  return { files: sizes.length, rawBytes: sizes.reduce((n, s) => n + s.raw, 0), gzipBytes: sizes.reduce((n, s) => n + s.gzip, 0) };
}

/** One app: its bundle, then each scenario's cold loads on a fresh installation. */
async function benchApp(app: UiApp, browser: Browser, build: boolean): Promise<UiBundleResults> {
  if (build) buildUi(app);
  const sizes = await bundleSizes(path.join(REPO_ROOT, app.dir, 'dist'));
  const renderMs: Record<string, number> = {};
  console.log(`\n${app.title}: time to first meaningful render, headless Chromium over the local runtime (${LOADS} cold loads)`);
  for (const scenario of app.scenarios) {
    const runtime = new LocalRuntime({ storage: { kind: 'memory' } });
    const server = await startLocalServer(runtime, { port: 0 });
    try {
      await scenario.seed(runtime);
      const { times, frameTimes, fetched } = await renderTimes(browser, `${server.url}${scenario.path}`, scenario.ready);
      for (const size of sizes) if (fetched.has(size.file)) size.initial = true;
      printTimes(scenario.label, times);
      printTimes('  of it in the app frame', frameTimes);
      renderMs[scenario.label] = median(times);
      renderMs[`${scenario.label}, in the app frame`] = median(frameTimes);
    } finally {
      await server.close();
      await runtime.close();
    }
  }
  printSizes(app, sizes);
  return { firstLoad: totals(sizes.filter((s) => s.initial)), onDemand: totals(sizes.filter((s) => !s.initial)), renderMs };
}

/** Every Custom UI app, by name (`admin`, `poll`). */
export async function benchUiBundles(options: { build?: boolean } = {}): Promise<Record<string, UiBundleResults>> {
  const browser = await launchBrowser();
  try {
    const results: Record<string, UiBundleResults> = {};
    for (const app of APPS) results[app.name] = await benchApp(app, browser, options.build ?? true);
    return results;
  } finally {
    await browser.close();
  }
}

if (require.main === module) {
  benchUiBundles({ build: !process.argv.includes('--no-build') }).catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
