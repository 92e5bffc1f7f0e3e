import { castVote } from '../src/polls/votes';
import type { PollUiResolverDefinitions, PollUiResolverKey } from '../src/shared/poll-ui';
import type { ResolverResult } from '../src/shared/resolver-contract';
import { benchRuntime } from './runtime';
import { msPerCall, round } from './stats';

/**
 * What voting costs (DESIGN §10): storage requests and product calls of a vote, a changed vote
 * and the issue panel's listing, and the listing with 10 / 1,000 / 10,000 voters on a poll — which
 * must not grow with them. Voters beyond the fixture site's are added through the vote service
 * itself (the same code the resolver runs, without its permission check).
 */
const VOTER_COUNTS = (process.env['BENCH_VOTERS'] ?? '10,1000,10000').split(',').map(Number);
const PLACE = { issueKey: 'PLAT-1' };

export type VoteCost = { operation: string; storage: number; writes: number; product: number; ms: number };

export async function benchVotes(): Promise<VoteCost[]> {
  const { runtime, close } = benchRuntime();
  const call = async <K extends PollUiResolverKey>(
    accountId: string,
    key: K,
    payload: PollUiResolverDefinitions[K]['payload'],
  ): Promise<PollUiResolverDefinitions[K]['data']> => {
    const result = (await runtime.invokeResolver({
      moduleKey: 'quorum-issue-panel',
      functionKey: key,
      payload,
      accountId,
      context: PLACE,
    })) as ResolverResult<PollUiResolverDefinitions[K]['data']>;
    if (!result.ok) throw new Error(`${key}: ${result.error.message}`);
    return result.data;
  };
  const rows: VoteCost[] = [];
  /** Counts one call; times `timed` (default: the same call again), median of 20. */
  const measure = async (operation: string, run: () => Promise<unknown>, timed: () => Promise<unknown> = run): Promise<void> => {
    runtime.resetStorageRequests();
    await run();
    const storage = runtime.storageRequests();
    const writes = Object.entries(storage.byPath).reduce((n, [p, c]) => (/\/(set|delete|transaction)$/.test(p) ? n + c : n), 0);
    const product = runtime.productRequests().total;
    rows.push({ operation, storage: storage.total, writes, product, ms: round(await msPerCall(timed, 20, 2), 2) });
  };
  try {
    const body = { title: 'Ship on Friday?', options: [{ title: 'Yes' }, { title: 'No' }], settings: { allowRevote: true } };
    const poll = (await call('local-user', 'polls/create', { poll: body })).poll;
    let choice = 0;
    const change = (): Promise<unknown> => call('local-viewer', 'polls/vote', { pollId: poll.id, optionIds: [String((choice++ % 2) + 1)] });
    await measure('vote (first)', change, change);
    await measure('change vote', change);
    await measure(
      'withdraw',
      () => call('local-viewer', 'polls/withdraw', { pollId: poll.id }),
      async () => {
        await change();
        await call('local-viewer', 'polls/withdraw', { pollId: poll.id });
      },
    );
    await measure('polls/list, 1 poll on the issue', () => call('local-viewer', 'polls/list', {}));

    const counted = (await call('local-user', 'polls/create', { poll: body })).poll;
    const where = { product: 'jira' as const, contentId: '20001', container: '' };
    let voters = 0;
    for (const target of VOTER_COUNTS) {
      while (voters < target) {
        const batch = Math.min(50, target - voters);
        const first = voters;
        await runtime.run(() =>
          Promise.all(
            Array.from({ length: batch }, (_, i) =>
              castVote(
                where,
                { installation: runtime.installContext, accountId: `bench-voter-${first + i}`, displayName: async () => '' },
                { pollId: counted.id, optionIds: [(first + i) % 3 === 0 ? '2' : '1'] },
              ),
            ),
          ),
        );
        voters += batch;
      }
      await measure(`polls/list, 2 polls, ${target.toLocaleString('en')} voters on one`, () => call('local-viewer', 'polls/list', {}));
    }
    return rows;
  } finally {
    await close();
  }
}
