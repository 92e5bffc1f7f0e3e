import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

export const REPO_ROOT = path.resolve(__dirname, '..', '..');
const CLI = path.join(REPO_ROOT, 'local', 'cli.ts');
// Resolved here, not from the child's working folder, which may be outside the repository.
const TSX_LOADER = pathToFileURL(require.resolve('tsx')).href;

export type LocalProcess = {
  url: string;
  output: () => string;
  stop: (signal?: NodeJS.Signals) => Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
};

export function tempDir(prefix: string): string {
  return mkdtempSync(path.join(os.tmpdir(), `${prefix}-`));
}

/** A temporary folder inside the repository, for app copies whose code must resolve node_modules. */
export function repoTempDir(prefix: string): string {
  const base = path.join(REPO_ROOT, '.tmp');
  mkdirSync(base, { recursive: true });
  return mkdtempSync(path.join(base, `${prefix}-`));
}

/** Runs the local runtime's CLI (what `npm start` runs) as a child process, as a user would. */
export function runCli(options: { cwd?: string; env?: Record<string, string> }): {
  child: ChildProcess;
  output: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
} {
  const child = spawn(process.execPath, ['--import', TSX_LOADER, CLI], {
    cwd: options.cwd ?? REPO_ROOT,
    env: { ...process.env, PORT: '0', ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );
  return { child, output: () => output, exited };
}

/** Starts the CLI and waits until it prints where it listens. */
export async function startLocalProcess(options: { cwd?: string; dataDir: string; env?: Record<string, string> }): Promise<LocalProcess> {
  const run = runCli({ cwd: options.cwd, env: { FORGE_LOCAL_DIR: options.dataDir, ...options.env } });
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setInterval(() => {
      const match = /running at (http:\/\/\S+)/.exec(run.output());
      if (match?.[1]) {
        clearInterval(timer);
        resolve(match[1]);
      }
    }, 25);
    void run.exited.then(({ code }) => {
      clearInterval(timer);
      reject(new Error(`the local runtime exited (${code}) before it listened:\n${run.output()}`));
    });
  });
  return {
    url,
    output: run.output,
    stop: async (signal = 'SIGTERM') => {
      run.child.kill(signal);
      return run.exited;
    },
  };
}
