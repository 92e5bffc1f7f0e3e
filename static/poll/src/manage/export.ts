import type { PollCard, Voter } from '../../../../src/shared/poll-ui';
import { toCsv } from '../../../common/csv';
import { callPolls } from '../api';

/** `poll-<title>-results-<date>.csv` (or `-votes-`), with the title made safe for a file name. */
export function exportFileName(poll: Pick<PollCard, 'title'>, what: 'results' | 'votes', now: Date = new Date()): string {
  const slug =
    poll.title
      .normalize('NFKD')
      .replace(/[^\w\s-]/g, '')
      .trim()
      .replace(/\s+/g, '-')
      .slice(0, 40) || 'poll';
  return `poll-${slug}-${what}-${now.toISOString().slice(0, 10)}.csv`;
}

/** The results as the viewer sees them: an option per row. Cells go through the formula guard. */
export function resultsCsv(poll: PollCard): string {
  const results = poll.results;
  const byId = new Map(results?.options.map((option) => [option.id, option]) ?? []);
  return toCsv(poll.options, [
    { header: 'Option', value: (option) => option.title },
    { header: 'Votes', value: (option) => (results ? String(byId.get(option.id)?.votes ?? '') : '') },
    { header: 'Percent', value: (option) => (results ? String(byId.get(option.id)?.percent ?? 0) : '') },
  ]);
}

/** Every vote of a poll that records names: a voter per row (all pages of `polls/voters`). */
export async function votesCsv(poll: PollCard): Promise<string> {
  const voters: Voter[] = [];
  let cursor: string | undefined;
  do {
    const page = await callPolls('polls/voters', { pollId: poll.id, ...(cursor ? { cursor } : {}) });
    if (!page.ok) throw new Error(page.error.message);
    voters.push(...page.data.voters);
    cursor = page.data.nextCursor ?? undefined;
  } while (cursor);
  const titles = new Map(poll.options.map((option) => [option.id, option.title]));
  return toCsv(voters, [
    { header: 'Voter', value: (voter) => voter.displayName },
    { header: 'Account id', value: (voter) => voter.accountId },
    { header: 'Choice', value: (voter) => voter.optionIds.map((id) => titles.get(id) ?? id).join('; ') },
    { header: 'Comment', value: (voter) => voter.comment },
    { header: 'Voted at', value: (voter) => voter.at },
  ]);
}
