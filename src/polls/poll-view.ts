import type { PollRecord, PollTally } from '../platform/poll-store';
import type { Poll, PollResults } from '../shared/polls';

/**
 * Tallies travel beside the polls made from their records rather than inside them, so a poll
 * serialised as-is can never leak raw vote data the results settings would hide.
 */
const tallies = new WeakMap<Poll, PollTally>();

/** The poll as answered, from its stored record. */
export function toPoll(record: PollRecord): Poll {
  const poll: Poll = {
    id: record.id,
    title: record.title,
    description: record.description,
    options: record.options,
    settings: record.settings,
    product: record.product,
    workspace: record.workspace,
    content: record.content,
    container: record.container,
    status: statusOf(record),
    version: record.version,
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
    createdBy: record.createdBy,
  };
  if (record.tally) tallies.set(poll, record.tally);
  return poll;
}

/** Votes per option of a poll read through this service; zero for a poll without votes. */
export function pollResults(poll: Poll): PollResults {
  const tally = tallies.get(poll);
  const votesFor = (id: string): number => (tally && Object.hasOwn(tally.options, id) ? Number(tally.options[id]) || 0 : 0);
  return {
    totalVotes: tally?.ballots ?? 0,
    options: poll.options.map((option) => ({ id: option.id, votes: votesFor(option.id) })),
  };
}

/** A poll set to close on its end date is closed from then on, without a job to close it. */
function statusOf(record: PollRecord): Poll['status'] {
  if (record.status === 'closed') return 'closed';
  const { closePollOnEndDate, endDate } = record.settings;
  return closePollOnEndDate && endDate !== '' && Date.parse(endDate) <= Date.now() ? 'closed' : 'open';
}
