import { queryPollsClosingBy, updatePoll } from '../platform/poll-store';
import { deleteVotesOf, pendingCleanups } from '../platform/vote-store';

/**
 * The scheduled clean-up (manifest.yml: poll-maintenance, every five minutes). Neither task is
 * needed for correctness — a poll past its end date takes no votes whether or not it is marked,
 * and a deleted poll's votes are unreachable — they keep storage and listings tidy:
 *  - marks open polls whose end date closed them as closed;
 *  - finishes deleting the votes of deleted polls.
 * Both are bounded per run; what is left waits for the next run.
 */
const CLOSE_PER_RUN = 100;
const CLEANUPS_PER_RUN = 20;
const ROUNDS_PER_CLEANUP = 20;

export async function runPollMaintenance(now: Date = new Date()): Promise<{ closed: number; cleaned: number }> {
  let closed = 0;
  for (const record of await queryPollsClosingBy(now, CLOSE_PER_RUN)) {
    const next = { ...record, status: 'closed' as const, version: record.version + 1, updatedAt: now.toISOString() };
    // A poll changed meanwhile is left to the next run, which reads it again.
    if (await updatePoll(next, record.version)) closed++;
  }
  let cleaned = 0;
  for (const pollId of await pendingCleanups(CLEANUPS_PER_RUN, now)) {
    if (await deleteVotesOf(pollId, ROUNDS_PER_CLEANUP)) cleaned++;
  }
  return { closed, cleaned };
}
