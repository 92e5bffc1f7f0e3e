import type { PollCard, Results, ResultsHiddenReason } from '../../../src/shared/poll-ui';

const DAY_MS = 24 * 60 * 60 * 1000;
const HOUR_MS = 60 * 60 * 1000;

/** "Ends in 3 days", "Ends in 5 hours", "Ends in under an hour"; "Ended 12 Mar" once past. */
export function endText(endDate: string, now: number, locale?: string): string | null {
  if (endDate === '') return null;
  const at = Date.parse(endDate);
  if (Number.isNaN(at)) return null;
  const left = at - now;
  if (left <= 0) return `Ended ${new Date(at).toLocaleDateString(locale, { day: 'numeric', month: 'short', year: 'numeric' })}`;
  if (left < HOUR_MS) return 'Ends in under an hour';
  if (left < DAY_MS) {
    const hours = Math.round(left / HOUR_MS);
    return `Ends in ${hours} hour${hours === 1 ? '' : 's'}`;
  }
  const days = Math.round(left / DAY_MS);
  return `Ends in ${days} day${days === 1 ? '' : 's'}`;
}

/** Why the results are not shown yet, in words. */
export function hiddenText(reason: ResultsHiddenReason): string {
  switch (reason) {
    case 'until-voted':
      return 'Results are visible after you vote.';
    case 'until-closed':
      return 'Results are visible once the poll closes.';
    case 'managers-only':
      return 'Results are visible to the people who manage this poll.';
  }
}

/** "12 votes from 9 people", "1 vote", or — percentages only — nothing. */
export function totalsText(results: Results): string | null {
  const { totalVotes, participants } = results;
  if (totalVotes === null || participants === null) return null;
  if (participants === 0) return 'No votes yet';
  const votes = `${totalVotes} vote${totalVotes === 1 ? '' : 's'}`;
  return totalVotes === participants ? votes : `${votes} from ${participants} ${participants === 1 ? 'person' : 'people'}`;
}

/** "42% · 5 votes", or "42%" when the counts are hidden. */
export function optionResultText(option: Results['options'][number]): string {
  return option.votes === null ? `${option.percent}%` : `${option.percent}% · ${option.votes} vote${option.votes === 1 ? '' : 's'}`;
}

/** The titles of the options a vote chose, in the poll's order. */
export function chosenTitles(poll: Pick<PollCard, 'options'>, optionIds: readonly string[]): string[] {
  const chosen = new Set(optionIds);
  return poll.options.filter((option) => chosen.has(option.id)).map((option) => option.title);
}

/** "You voted for Yes" / "You voted for A and B" / "You voted for A, B and C". */
export function myVoteText(titles: readonly string[]): string {
  if (titles.length === 0) return 'You voted';
  if (titles.length === 1) return `You voted for ${titles[0]}`;
  return `You voted for ${titles.slice(0, -1).join(', ')} and ${titles.at(-1)}`;
}
