import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startLocalServer } from '../local/http/server';
import { LocalRuntime } from '../local/runtime';
import type { ResolverResult } from '../src/shared/resolver-contract';
import { DEFAULT_POLICY } from '../src/shared/tokens';

/**
 * The servers the HTTP benchmark drives, each started in a child process of its own so that the
 * load generator does not share its event loop:
 *
 *   bare    a bare node:http server answering a fixed JSON body: the ceiling of this machine
 *   quorum  the local runtime (LMDB store in a fresh directory) serving the app's web trigger,
 *           with BENCH_TOKENS tokens minted and the policy's per-token rate at BENCH_RPM
 *   floor   the local runtime serving a web trigger function that only echoes its request (the
 *           runtime's own test fixture): what the runtime costs before the app does anything
 *
 * Prints one JSON line — `{ url, pid, tokens, pollId }` — once it listens.
 */
export const BARE_BODY = JSON.stringify({ id: '00000000-0000-4000-8000-000000000000', title: 'Stars', status: 'open' });

async function bare(): Promise<void> {
  const server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(BARE_BODY);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  console.log(JSON.stringify({ url: `http://127.0.0.1:${port}`, pid: process.pid }));
}

async function quorum(): Promise<void> {
  const dir = mkdtempSync(path.join(tmpdir(), 'quorum-bench-'));
  process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
  const unlimited = Number.MAX_SAFE_INTEGER;
  // The platform's invocation limits would stop a benchmark long before the app does.
  const runtime = new LocalRuntime({
    storage: { kind: 'lmdb', dir },
    limits: { invocationsPerInstallationPerMinute: unlimited, invocationsPerUserPerMinute: unlimited },
  });
  runtime.loadFunctions();
  const server = await startLocalServer(runtime, { port: 0, host: '127.0.0.1' });
  const admin = async <T>(functionKey: string, payload: unknown): Promise<T> => {
    const result = (await runtime.invokeResolver({
      moduleKey: 'quorum-jira-admin',
      functionKey,
      payload,
      accountId: runtime.defaultAccountId,
    })) as ResolverResult<T>;
    if (!result.ok) throw new Error(`${functionKey}: ${result.error.message}`);
    return result.data;
  };
  const rpm = Number(process.env['BENCH_RPM'] ?? DEFAULT_POLICY.requestsPerMinutePerToken);
  await admin('settings/update', { policy: { ...DEFAULT_POLICY, requestsPerMinutePerToken: rpm } });
  const tokens: string[] = [];
  for (let i = 0; i < Number(process.env['BENCH_TOKENS'] ?? 1); i++) {
    const minted = await admin<{ token: string }>('tokens/create', {
      name: `bench ${i}`,
      scope: { jiraProjects: ['PLAT'], confluenceSpaces: [], anyWorkspace: false, operations: ['read', 'create'] },
      expiresAt: new Date(Date.now() + 86_400_000).toISOString(),
    });
    tokens.push(minted.token);
  }
  const created = await runtime.invokeWebTrigger('polls-api', {
    method: 'POST',
    url: '/polls',
    headers: { authorization: `Bearer ${tokens[0]}`, 'content-type': 'application/json' },
    body: JSON.stringify({ title: 'Stars', options: [{ title: '⭐' }, { title: '⭐⭐' }], workspace: 'PLAT', content: 'PLAT-1' }),
  });
  const pollId = (JSON.parse(created.body ?? '{}') as { id?: string }).id;
  console.log(JSON.stringify({ url: server.url, pid: process.pid, tokens, pollId }));
}

// Exit, not die, on a signal: the data directory is removed and a --cpu-prof profile written.
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => process.exit(0));

async function floor(): Promise<void> {
  const runtime = new LocalRuntime({
    manifestPath: path.join(__dirname, '..', 'test', 'fixtures', 'echo-app', 'manifest.yml'),
    storage: { kind: 'memory' },
    limits: { invocationsPerInstallationPerMinute: Number.MAX_SAFE_INTEGER },
  });
  const server = await startLocalServer(runtime, { port: 0, host: '127.0.0.1' });
  console.log(JSON.stringify({ url: server.url, pid: process.pid, tokens: [], pollId: '' }));
}

const kind = process.argv[2];
(kind === 'bare' ? bare() : kind === 'floor' ? floor() : quorum()).catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
