import { mkdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import chromium from '@sparticuz/chromium';
import { chromium as playwright, type Browser } from 'playwright-core';

// @sparticuz/chromium's flags are tuned for AWS Lambda. Dropped here: the two that would switch
// off the CSP and same-origin checks the browser tests exist to exercise, and --single-process,
// under which closing one browser context brings the whole browser down (Lambda needs it, we don't).
const DROPPED_ARGS: ReadonlySet<string> = new Set(['--disable-web-security', '--allow-running-insecure-content', '--single-process']);

// The test machine has no network beyond localhost: stop Chromium from trying.
const OFFLINE_ARGS: readonly string[] = [
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

// executablePath() unpacks ~200 MB into the temp dir and treats "file exists" as "done", so a
// second jest worker arriving mid-unpack would launch a half-written binary. A directory is
// created atomically, which makes it a lock every worker process can share.
const UNPACK_LOCK = join(tmpdir(), 'sparticuz-chromium-unpack.lock');
const UNPACK_LOCK_STALE_MS = 180_000;
const UNPACK_LOCK_POLL_MS = 100;

let executablePath: Promise<string> | undefined;

function hasErrorCode(error: unknown, code: string): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === code;
}

async function isStaleLock(): Promise<boolean> {
  try {
    const { mtimeMs } = await stat(UNPACK_LOCK);
    return Date.now() - mtimeMs > UNPACK_LOCK_STALE_MS;
  } catch (error) {
    if (hasErrorCode(error, 'ENOENT')) return false;
    throw error;
  }
}

async function acquireUnpackLock(): Promise<void> {
  for (;;) {
    try {
      await mkdir(UNPACK_LOCK);
      return;
    } catch (error) {
      if (!hasErrorCode(error, 'EEXIST')) throw error;
    }
    // A worker killed mid-unpack leaves its lock behind; don't wait for it forever.
    if (await isStaleLock()) await rm(UNPACK_LOCK, { recursive: true, force: true });
    else await delay(UNPACK_LOCK_POLL_MS);
  }
}

async function unpackChromium(): Promise<string> {
  await acquireUnpackLock();
  try {
    return await chromium.executablePath();
  } finally {
    await rm(UNPACK_LOCK, { recursive: true, force: true });
  }
}

function chromiumExecutablePath(): Promise<string> {
  // One unpack per process, however many callers race for it; a failure is not cached.
  executablePath ??= unpackChromium().catch((error: unknown) => {
    executablePath = undefined;
    throw error;
  });
  return executablePath;
}

function chromiumArgs(): string[] {
  return [...chromium.args.filter((arg) => !DROPPED_ARGS.has(arg)), ...OFFLINE_ARGS];
}

/** Launches the headless Chromium bundled in @sparticuz/chromium, with web security on. */
export async function launchBrowser(): Promise<Browser> {
  return playwright.launch({
    executablePath: await chromiumExecutablePath(),
    args: chromiumArgs(),
    headless: true,
  });
}
