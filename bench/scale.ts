import { performance } from 'node:perf_hooks';
import { DEFAULT_POLICY } from '../src/shared/tokens';
import { authenticate, checkPresented } from '../src/tokens/authenticate';
import { benchRuntime, JSON_HEADERS, STAR_POLL } from './runtime';
import { msPerCall, round } from './stats';

/**
 * Cost against size: 10, 1,000 and 10,000 tokens, polls on one issue and audit events, for
 * token verification, the REST and Team Voice poll lists, tokens/list and audit/list. The store
 * grows in place from one size to the next. Then revoke-all at the largest size, with each
 * storage request delayed as Forge's network would delay it.
 */
const SIZES = (process.env['BENCH_SCALE_SIZES'] ?? '10,1000,10000').split(',').map(Number);
const TIMED_CALLS = Number(process.env['BENCH_SCALE_CALLS'] ?? 20);
const STORAGE_LATENCY_MS = 20;

export type ScaleRow = { size: number; operation: string; ms: number; storage: number; answerBytes: number; status: string };
export type ScaleResults = { rows: ScaleRow[]; revokeAll: { tokens: number; latencyMs: number; ms: number; storage: number } };

export async function benchScale(): Promise<ScaleResults> {
  const { runtime, admin, trigger, mint, close } = benchRuntime();
  try {
    // Seeding makes thousands of requests a minute: the highest per-token rate, and ten creators.
    await admin('settings/update', { policy: { ...DEFAULT_POLICY, requestsPerMinutePerToken: 5000 } });
    const token = await mint('bench');
    const auth = { authorization: `Bearer ${token}`, ...JSON_HEADERS };
    const creators = await Promise.all(Array.from({ length: 10 }, (_, i) => mint(`creator ${i}`, ['create'])));
    const presented = checkPresented({ value: token, source: 'header' });
    if (!presented.ok) throw new Error('the bench token does not parse');
    const rows: ScaleRow[] = [];
    let tokens = 1 + creators.length;
    let polls = 0;

    const measure = async (size: number, operation: string, call: () => Promise<{ bytes: number; status: string }>): Promise<void> => {
      await call(); // the token's once-a-minute usage write, if due, falls on this one
      runtime.resetStorageRequests();
      const first = await call();
      const storage = runtime.storageRequests().total;
      const ms = await msPerCall(call, TIMED_CALLS, 2);
      rows.push({ size, operation, ms: round(ms, 2), storage, answerBytes: first.bytes, status: first.status });
    };
    const viaTrigger = (url: string) => async () => {
      const answer = await trigger({ url, headers: auth });
      return { bytes: (answer.body ?? '').length, status: String(answer.statusCode) };
    };
    const viaResolver = (call: () => Promise<unknown>) => async () => {
      const data = await call();
      return { bytes: JSON.stringify(data).length, status: 'ok' };
    };

    for (const size of SIZES) {
      // Tokens and polls (each create also writes one audit event) up to `size`, 20 at a time.
      while (tokens < size) {
        const batch = Math.min(20, size - tokens);
        await Promise.all(Array.from({ length: batch }, (_, i) => mint(`Automation rule ${tokens + i}`, ['read'])));
        tokens += batch;
      }
      while (polls < size) {
        const batch = Math.min(20, size - polls);
        const answers = await Promise.all(
          Array.from({ length: batch }, (_, i) =>
            trigger({
              method: 'POST',
              url: '/polls',
              headers: { ...JSON_HEADERS, authorization: `Bearer ${creators[(polls + i) % creators.length]}` },
              body: JSON.stringify({ ...STAR_POLL, workspace: 'PLAT', content: 'PLAT-1' }),
            }),
          ),
        );
        const failed = answers.find((answer) => answer.statusCode !== 201);
        if (failed) throw new Error(`seeding a poll failed: ${failed.statusCode} ${failed.body}`);
        polls += batch;
      }
      await measure(size, 'verify a token', async () => {
        const outcome = await runtime.run(() => authenticate(presented));
        return { bytes: 0, status: outcome.ok ? 'ok' : 'refused' };
      });
      await measure(size, 'GET /polls (first page of 100)', viaTrigger('/polls?workspace=PLAT&content=PLAT-1&limit=100'));
      await measure(size, 'Team Voice GET (every poll)', viaTrigger(`?type=polls&workspace=PLAT&content=PLAT-1`));
      await measure(
        size,
        'tokens/list (page of 20)',
        viaResolver(() => admin('tokens/list', { limit: 20 })),
      );
      await measure(
        size,
        'tokens/list ?query=automation rule 9',
        viaResolver(() => admin('tokens/list', { limit: 20, query: 'Automation rule 9' })),
      );
      await measure(
        size,
        'tokens/list ?status=revoked',
        viaResolver(() => admin('tokens/list', { limit: 20, status: 'revoked' })),
      );
      await measure(
        size,
        'audit/list (page of 20)',
        viaResolver(() => admin('audit/list', { limit: 20 })),
      );
    }

    runtime.delayStorage(STORAGE_LATENCY_MS);
    runtime.resetStorageRequests();
    const start = performance.now();
    const { revoked } = await admin('tokens/revokeAll', {});
    const ms = performance.now() - start;
    runtime.delayStorage(0);
    return {
      rows,
      revokeAll: { tokens: revoked, latencyMs: STORAGE_LATENCY_MS, ms: Math.round(ms), storage: runtime.storageRequests().total },
    };
  } finally {
    await close();
  }
}
