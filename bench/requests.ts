import { kvs } from '@forge/kvs';
import { ENTITY, KEY } from '../src/platform/storage-names';
import { authenticate, checkPresented } from '../src/tokens/authenticate';
import { generateToken, hashToken } from '../src/tokens/token-format';
import { benchRuntime, JSON_HEADERS, STAR_POLL } from './runtime';
import { interleaved, msPerCall, round } from './stats';

/**
 * What each request costs in calls to the platform: storage requests (counted at the KVS
 * transport, by API path) and product REST calls, per web-trigger route and per resolver, in the
 * steady state (the token's once-a-minute usage write already done). Then the time of a GET in
 * the whole handler against its storage calls made bare, timed in alternation on the LMDB store.
 */
const ITERATIONS = Number(process.env['BENCH_ITERATIONS'] ?? 300);

export type RouteCost = { route: string; storage: number; writes: number; product: number; calls: string };
export type RequestResults = {
  routes: RouteCost[];
  getOverhead: { handlerMs: number; bareMs: number; ratio: number };
  verifyMs: number;
};

const WRITE_PATHS = /\/(set|delete|transaction)$/;

export async function benchRequests(): Promise<RequestResults> {
  const { runtime, admin, trigger, mint, close } = benchRuntime();
  try {
    const token = await mint('bench');
    const auth = { authorization: `Bearer ${token}`, ...JSON_HEADERS };
    const create = async (content = 'PLAT-1'): Promise<string> =>
      JSON.parse(
        (
          await trigger({
            method: 'POST',
            url: '/polls',
            headers: auth,
            body: JSON.stringify({ ...STAR_POLL, workspace: 'PLAT', content }),
          })
        ).body ?? '{}',
      ).id;
    for (let i = 0; i < 10; i++) await create('PLAT-2');
    const pollId = await create();
    const doomed = await Promise.all(Array.from({ length: 6 }, () => create()));
    await Promise.all(Array.from({ length: 3 }, (_, i) => mint(`rotating ${i}`)));
    const rotatingIds = (await admin('tokens/list', { query: 'rotating' })).tokens.map((t) => t.id);
    // The first use of a token in a minute writes its usage; what follows is the steady state.
    await trigger({ url: `/polls/${pollId}`, headers: auth });

    const tv = `?token=${token}&type=polls&workspace=PLAT`;
    const routes: Array<[string, () => Promise<unknown>]> = [
      ['GET /polls/{id}', () => trigger({ url: `/polls/${pollId}`, headers: auth })],
      ['GET /polls/{id}?expand=results', () => trigger({ url: `/polls/${pollId}?expand=results`, headers: auth })],
      ['GET /polls (list, 10 polls)', () => trigger({ url: '/polls?workspace=PLAT&content=PLAT-2', headers: auth })],
      ['Team Voice GET (list, 10 polls)', () => trigger({ url: `${tv}&content=PLAT-2` })],
      ['Team Voice GET &pollId', () => trigger({ url: `${tv}&content=PLAT-1&pollId=${pollId}` })],
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
      ['DELETE /polls/{id}', () => trigger({ method: 'DELETE', url: `/polls/${doomed.pop()}`, headers: auth })],
      ['Team Voice DELETE', () => trigger({ method: 'DELETE', url: `${tv}&content=PLAT-1&pollId=${doomed.pop()}` })],
      ['401 malformed token', () => trigger({ url: `/polls/${pollId}`, headers: { authorization: 'Bearer qrm_garbage' } })],
      [
        '401 unknown well-formed token',
        () => trigger({ url: `/polls/${pollId}`, headers: { authorization: `Bearer ${generateToken()}` } }),
      ],
      ['403 outside the scope', () => trigger({ url: '/polls?workspace=OPS&content=OPS-1', headers: auth })],
      ['GET /openapi.json', () => trigger({ url: '/openapi.json' })],
      ['resolver tokens/list (page of 20)', () => admin('tokens/list', { limit: 20 })],
      ['resolver tokens/list ?query', () => admin('tokens/list', { limit: 20, query: 'ben' })],
      ['resolver audit/list (page of 20)', () => admin('audit/list', { limit: 20 })],
      ['resolver settings/get', () => admin('settings/get', {})],
      ['resolver tokens/rotate', () => admin('tokens/rotate', { id: rotatingIds.pop() ?? '' })],
      ['resolver tokens/revokeAll', () => admin('tokens/revokeAll', {})],
    ];
    const costs: RouteCost[] = [];
    for (const [route, run] of routes) {
      // The third call is counted: by then any once-a-minute write (usage, counts) is done.
      await run();
      await run();
      runtime.resetStorageRequests();
      await run();
      const storage = runtime.storageRequests();
      const product = runtime.productRequests();
      const calls = [
        ...Object.entries(storage.byPath).map(([p, n]) => `${p.replace('/api/v1/', '')}×${n}`),
        ...Object.entries(product.byCall).map(([c, n]) => `${c}×${n}`),
      ].join(' ');
      const writes = Object.entries(storage.byPath).reduce((sum, [p, n]) => (WRITE_PATHS.test(p) ? sum + n : sum), 0);
      costs.push({ route, storage: storage.total, writes, product: product.total, calls });
    }

    // A second token for timing: the first was revoked by the last route.
    const timed = await mint('timed', ['read']);
    const hash = hashToken(timed);
    const bare = (): Promise<unknown> =>
      runtime.run(async () => {
        await kvs.batchGet([{ key: hash, entityName: ENTITY.token }, { key: KEY.policy }]);
        await kvs.entity(ENTITY.poll).get(pollId);
      });
    const viaHandler = (): Promise<unknown> => trigger({ url: `/polls/${pollId}`, headers: { authorization: `Bearer ${timed}` } });
    const overhead = await interleaved(viaHandler, bare, ITERATIONS);
    const presented = checkPresented({ value: timed, source: 'header' });
    if (!presented.ok) throw new Error('the bench token does not parse');
    const verifyMs = await msPerCall(() => runtime.run(() => authenticate(presented)), ITERATIONS);
    return {
      routes: costs,
      getOverhead: { handlerMs: round(overhead.aMs), bareMs: round(overhead.bMs), ratio: round(overhead.ratio, 2) },
      verifyMs: round(verifyMs),
    };
  } finally {
    await close();
  }
}
