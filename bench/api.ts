import { performance } from 'node:perf_hooks';
import { kvs } from '@forge/kvs';
import { LocalRuntime } from '../local/runtime';
import { ENTITY, KEY } from '../src/platform/storage-names';
import { generateToken, hashToken } from '../src/tokens/token-format';
import { authenticate, checkPresented } from '../src/tokens/authenticate';
import type { ResolverDefinitions } from '../src/shared/resolver-contract';

/**
 * What a polls-API request costs: storage requests per route (counted at the KVS transport) and
 * time in the handler against the same storage calls made bare. Printed, never asserted.
 */
const ITERATIONS = Number(process.env['BENCH_ITERATIONS'] ?? 300);
const STAR_POLL = { title: 'Stars', options: [1, 2, 3, 4, 5].map((n) => ({ title: '⭐'.repeat(n) })) };
const JSON_HEADERS = { 'content-type': 'application/json' };

type Row = { route: string; requests: number; byPath: string };

export async function benchApi(): Promise<void> {
  const runtime = new LocalRuntime({ storage: { kind: 'memory' } });
  const minted = (await runtime.invokeResolver({
    moduleKey: 'quorum-jira-admin',
    functionKey: 'tokens/create',
    payload: {
      name: 'bench',
      scope: { jiraProjects: ['PLAT'], confluenceSpaces: [], anyWorkspace: false, operations: ['read', 'create', 'update', 'delete'] },
      expiresAt: new Date(Date.now() + 86_400_000).toISOString(),
    },
  })) as { ok: true; data: ResolverDefinitions['tokens/create']['data'] };
  const token = minted.data.token;
  const auth = { authorization: `Bearer ${token}`, ...JSON_HEADERS };
  const trigger = (request: Parameters<LocalRuntime['invokeWebTrigger']>[1]) => runtime.invokeWebTrigger('polls-api', request);
  const create = async (): Promise<string> =>
    JSON.parse(
      (
        await trigger({
          method: 'POST',
          url: '/polls',
          headers: auth,
          body: JSON.stringify({ ...STAR_POLL, workspace: 'PLAT', content: 'PLAT-1' }),
        })
      ).body ?? '{}',
    ).id;
  await trigger({ url: '/polls?workspace=PLAT&content=PLAT-1', headers: auth }); // first use writes lastUsedAt

  const pollId = await create();
  const doomedId = await create();
  const routes: Array<[string, () => Promise<unknown>]> = [
    ['GET /polls?workspace&content (list)', () => trigger({ url: '/polls?workspace=PLAT&content=PLAT-1', headers: auth })],
    ['GET /polls/{id}', () => trigger({ url: `/polls/${pollId}`, headers: auth })],
    ['POST /polls', () => create()],
    [
      'POST /polls + Idempotency-Key',
      () =>
        trigger({
          method: 'POST',
          url: '/polls',
          headers: { ...auth, 'idempotency-key': `k-${Math.random()}` },
          body: JSON.stringify({ ...STAR_POLL, workspace: 'PLAT', content: 'PLAT-1' }),
        }),
    ],
    ['PATCH /polls/{id}', () => trigger({ method: 'PATCH', url: `/polls/${pollId}`, headers: auth, body: '{"title":"Renamed"}' })],
    ['DELETE /polls/{id}', () => trigger({ method: 'DELETE', url: `/polls/${doomedId}`, headers: auth })],
    ['Team Voice GET ?type=polls', () => trigger({ url: `?token=${token}&type=polls&workspace=PLAT&content=PLAT-1&pollId=${pollId}` })],
    ['401 garbage token', () => trigger({ url: '/polls?workspace=PLAT&content=PLAT-1', headers: { authorization: 'Bearer qrm_garbage' } })],
    [
      '401 well-formed unknown token',
      () => trigger({ url: '/polls?workspace=PLAT&content=PLAT-1', headers: { authorization: `Bearer ${generateToken()}` } }),
    ],
    ['403 outside scope', () => trigger({ url: '/polls?workspace=OPS&content=OPS-1', headers: auth })],
  ];
  const rows: Row[] = [];
  for (const [route, run] of routes) {
    runtime.resetStorageRequests();
    await run();
    const { total, byPath } = runtime.storageRequests();
    rows.push({
      route,
      requests: total,
      byPath: Object.entries(byPath)
        .map(([p, n]) => `${p.replace('/api/v1/', '')}×${n}`)
        .join(' '),
    });
  }
  console.log('\nStorage requests per polls-API request (auth + operation + audit; lastUsedAt at most once a minute):');
  console.table(rows);

  // Handler overhead: a GET of one poll through the whole handler against its storage calls made bare.
  const hash = hashToken(token);
  const bare = (): Promise<unknown> =>
    runtime.run(async () => {
      await kvs.batchGet([{ key: hash, entityName: ENTITY.token }, { key: KEY.policy }]);
      await kvs.entity(ENTITY.poll).get(pollId);
      await kvs
        .entity(ENTITY.auditEvent)
        .set(
          `bench-${Math.random().toString(36).slice(2)}`,
          { id: 'x', at: new Date().toISOString(), outcome: 'ok' },
          { ttl: { value: 1, unit: 'DAYS' } },
        );
    });
  const viaHandler = (): Promise<unknown> => trigger({ url: `/polls/${pollId}`, headers: auth });
  const bareMs = await timePerCall(bare);
  const handlerMs = await timePerCall(viaHandler);
  const presented = checkPresented({ value: token, source: 'header' });
  if (!presented.ok) throw new Error('the bench token does not parse');
  const verifyMs = await timePerCall(() => runtime.run(() => authenticate(presented)));
  console.log(
    `\nGET /polls/{id}: handler ${handlerMs.toFixed(3)} ms/request, the same storage calls bare ${bareMs.toFixed(3)} ms → overhead ×${(handlerMs / bareMs).toFixed(2)}`,
  );
  console.log(`Token verification (parse + checksum + hash + 1 read): ${verifyMs.toFixed(3)} ms/request (median of ${ITERATIONS})`);
  await runtime.close();
}

async function timePerCall(fn: () => Promise<unknown>): Promise<number> {
  for (let i = 0; i < 20; i++) await fn(); // warm-up
  const samples: number[] = [];
  for (let i = 0; i < ITERATIONS; i++) {
    const start = performance.now();
    await fn();
    samples.push(performance.now() - start);
  }
  samples.sort((a, b) => a - b);
  return samples[Math.floor(samples.length / 2)] ?? 0;
}
