import type { Results } from '../shared/poll-ui';
import type { PollOption, PollResults } from '../shared/polls';

/** A poll's counts, summed over its tally shards: voters, and choices per option. */
export type Tally = { participants: number; votes: Record<string, number> };

/** Sums shards' counts; a shard may hold negative counts (a vote moved away from it), the sum cannot. */
export function sumTallies(shards: Iterable<Tally>): Tally {
  const votes: Record<string, number> = {};
  let participants = 0;
  for (const shard of shards) {
    participants += shard.participants;
    for (const [optionId, count] of Object.entries(shard.votes)) votes[optionId] = (votes[optionId] ?? 0) + count;
  }
  return { participants: Math.max(0, participants), votes };
}

/**
 * The results of a poll from its tally, over its current options (a count kept for an option
 * that no longer exists counts for nothing — options with votes cannot be removed, see
 * poll-service). `percent` is the share of participants who chose the option, in whole numbers;
 * with one choice per participant they are rounded by largest remainder, so they add up to 100.
 */
export function resultsOf(options: readonly PollOption[], tally: Tally, singleChoice: boolean): PollResults {
  const votes = options.map((option) => Math.max(0, tally.votes[option.id] ?? 0));
  const participants = tally.participants;
  const percents = singleChoice ? largestRemainder(votes, participants) : votes.map((n) => wholePercent(n, participants));
  return {
    totalVotes: votes.reduce((sum, n) => sum + n, 0),
    participants,
    options: options.map((option, index) => ({ id: option.id, votes: votes[index] ?? 0, percent: percents[index] ?? 0 })),
  };
}

/** Percentages only: the counts are not for this viewer (`hideAbsoluteNumbers`). */
export function withoutNumbers(results: PollResults): Results {
  return {
    totalVotes: null,
    participants: null,
    options: results.options.map(({ id, percent }) => ({ id, votes: null, percent })),
  };
}

function wholePercent(count: number, of: number): number {
  return of === 0 ? 0 : Math.min(100, Math.round((count * 100) / of));
}

/** Whole percentages of `of` that add up to 100 (when anything was counted), largest remainders first. */
function largestRemainder(counts: readonly number[], of: number): number[] {
  const total = counts.reduce((sum, n) => sum + n, 0);
  if (of === 0 || total === 0) return counts.map(() => 0);
  const exact = counts.map((n) => (n * 100) / total);
  const floors = exact.map(Math.floor);
  let left = 100 - floors.reduce((sum, n) => sum + n, 0);
  const byRemainder = exact
    .map((value, index) => ({ index, remainder: value - Math.floor(value) }))
    .sort((a, b) => b.remainder - a.remainder);
  for (const { index } of byRemainder) {
    if (left <= 0) break;
    floors[index] = (floors[index] ?? 0) + 1;
    left--;
  }
  return floors;
}
