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
 * The admin page's weight and speed: every file of the Custom UI build (raw and gzip, what the
 * first load fetches versus chunks loaded on demand), and the time to first meaningful render in
 * headless Chromium through the local runtime — navigation start until the tokens table (or the
 * empty state) is visible, median of several cold loads. Printed, never asserted.
 *
 *   node --import tsx bench/ui-bundle.ts            (builds the UI first)
 *   node --import tsx bench/ui-bundle.ts --no-build (measures static/admin/dist as it is)
 */
const REPO_ROOT = path.resolve(__dirname, '..');
const DIST_DIR = path.join(REPO_ROOT, 'static', 'admin', 'dist');
const ADMIN_PAGE = '/modules/quorum-jira-admin/';
const LOADS = Number(process.env['BENCH_UI_LOADS'] ?? 5);
const SEEDED_TOKENS = 25;
const DAY_MS = 24 * 60 * 60 * 1000;

type FileSize = { file: string; raw: number; gzip: number; initial: boolean };

function buildUi(): void {
  const viteBin = path.join(path.dirname(require.resolve('vite/package.json')), 'bin', 'vite.js');
  const build = spawnSync(process.execPath, [viteBin, 'build', '--config', 'static/admin/vite.config.mts', '--logLevel', 'error'], {
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

/** The files index.html loads itself (entry script, its static imports, stylesheets). */
async function initialFiles(): Promise<Set<string>> {
  const html = await readFile(path.join(DIST_DIR, 'index.html'), 'utf8');
  const referenced = [...html.matchAll(/(?:src|href)="\.\/([^"]+)"/g)].map((m) => m[1] ?? '');
  const initial = new Set(['index.html', ...referenced]);
  // Static imports of the entry chunk load before it runs, so they count as initial too.
  for (const file of referenced.filter((f) => f.endsWith('.js'))) {
    const source = await readFile(path.join(DIST_DIR, file), 'utf8');
    for (const m of source.matchAll(/^import\s*(?:[^'"]*from\s*)?["']\.\/([^"']+)["']/gm)) initial.add(`assets/${m[1] ?? ''}`);
  }
  return initial;
}

async function bundleSizes(): Promise<FileSize[]> {
  const initial = await initialFiles();
  const sizes = await Promise.all(
    (await filesUnder(DIST_DIR)).map(async (file) => {
      const content = await readFile(file);
      const relative = path.relative(DIST_DIR, file).split(path.sep).join('/');
      return { file: relative, raw: (await stat(file)).size, gzip: gzipSync(content, { level: 9 }).length, initial: initial.has(relative) };
    }),
  );
  return sizes.sort((a, b) => b.raw - a.raw);
}

const kb = (bytes: number): string => `${(bytes / 1024).toFixed(1)} kB`;

function printSizes(sizes: FileSize[]): void {
  console.log('\nCustom UI bundle (static/admin/dist)');
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
  console.log(`first load (index.html + its JS/CSS) ${total((s) => s.initial)}`);
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

/** Milliseconds from navigation start until the first meaningful content is visible, per load. */
async function renderTimes(browser: Browser, url: string, readyTestIds: string[]): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < LOADS; i++) {
    // A new context each time: nothing cached, as on an admin's first visit.
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    await page.goto(url, { waitUntil: 'commit' });
    const app = await appFrame(page);
    // Measured in the app's frame, from the navigation of the host page around it.
    const handle = await app.waitForFunction(
      (ids: string[]) => {
        const ready = ids.some((id) => {
          const el = document.querySelector(`[data-testid="${id}"]`);
          return el instanceof HTMLElement && el.offsetParent !== null;
        });
        return ready ? performance.timeOrigin + performance.now() - window.parent.performance.timeOrigin : false;
      },
      readyTestIds,
      { polling: 'raf', timeout: 30_000 },
    );
    times.push((await handle.jsonValue()) as number);
    await context.close();
  }
  return times;
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

export async function benchUiBundle(options: { build?: boolean } = {}): Promise<UiBundleResults> {
  if (options.build ?? true) buildUi();
  const sizes = await bundleSizes();
  printSizes(sizes);
  const renderMs: Record<string, number> = {};

  console.log(`\nTime to first meaningful render, headless Chromium over the local runtime (${LOADS} cold loads)`);
  const browser = await launchBrowser();
  try {
    for (const scenario of [
      { label: 'empty installation → empty state', tokens: 0, ready: ['tokens-empty'] },
      { label: `${SEEDED_TOKENS} tokens → tokens table`, tokens: SEEDED_TOKENS, ready: ['tokens-table--table'] },
    ]) {
      const runtime = new LocalRuntime({ storage: { kind: 'memory' } });
      const server = await startLocalServer(runtime, { port: 0 });
      try {
        await seedTokens(runtime, scenario.tokens);
        const times = await renderTimes(browser, `${server.url}${ADMIN_PAGE}`, scenario.ready);
        printTimes(scenario.label, times);
        renderMs[scenario.label] = median(times);
      } finally {
        await server.close();
        await runtime.close();
      }
    }
  } finally {
    await browser.close();
  }
  return { firstLoad: totals(sizes.filter((s) => s.initial)), onDemand: totals(sizes.filter((s) => !s.initial)), renderMs };
}

if (require.main === module) {
  benchUiBundle({ build: !process.argv.includes('--no-build') }).catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
