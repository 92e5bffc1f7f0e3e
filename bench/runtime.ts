import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { LocalRuntime } from '../local/runtime';
import type { ResolverDefinitions, ResolverKey, ResolverResult } from '../src/shared/resolver-contract';

export const STAR_POLL = { title: 'Stars', options: [1, 2, 3, 4, 5].map((n) => ({ title: '⭐'.repeat(n) })) };
export const JSON_HEADERS = { 'content-type': 'application/json' };

export type BenchRuntime = {
  runtime: LocalRuntime;
  admin: <N extends ResolverKey>(name: N, payload: ResolverDefinitions[N]['payload']) => Promise<ResolverDefinitions[N]['data']>;
  trigger: (request: Parameters<LocalRuntime['invokeWebTrigger']>[1]) => ReturnType<LocalRuntime['invokeWebTrigger']>;
  mint: (name: string, operations?: Array<'read' | 'create' | 'update' | 'delete'>) => Promise<string>;
  close: () => Promise<void>;
};

/**
 * A local runtime on the LMDB store in a fresh directory — the store `npm start` uses — with the
 * platform's invocation limits lifted, since a benchmark makes more calls a minute than a person.
 */
export function benchRuntime(): BenchRuntime {
  const dir = mkdtempSync(path.join(tmpdir(), 'quorum-bench-'));
  const unlimited = Number.MAX_SAFE_INTEGER;
  const runtime = new LocalRuntime({
    storage: { kind: 'lmdb', dir },
    limits: { invocationsPerInstallationPerMinute: unlimited, invocationsPerUserPerMinute: unlimited },
  });
  const admin: BenchRuntime['admin'] = async (name, payload) => {
    const result = (await runtime.invokeResolver({
      moduleKey: 'quorum-jira-admin',
      functionKey: name,
      payload,
      accountId: runtime.defaultAccountId,
    })) as ResolverResult<never>;
    if (!result.ok) throw new Error(`${name}: ${result.error.message}`);
    return result.data;
  };
  return {
    runtime,
    admin,
    trigger: (request) => runtime.invokeWebTrigger('polls-api', request),
    mint: async (name, operations = ['read', 'create', 'update', 'delete']) =>
      (
        await admin('tokens/create', {
          name,
          scope: { jiraProjects: ['PLAT'], confluenceSpaces: [], anyWorkspace: false, operations },
          expiresAt: new Date(Date.now() + 86_400_000).toISOString(),
        })
      ).token,
    close: async () => {
      await runtime.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
