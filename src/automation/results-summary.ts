import type { PollResultsOutputs } from '../shared/actions';
import type { PollCard } from '../shared/poll-ui';

/**
 * "Get poll results"'s outputs from the poll as the action's user sees it (the poll UI's rules:
 * results may be hidden from them, or shown as percentages only). `leadingOption` is the title
 * of the option most chose — several joined with " / " on a tie — or null when nobody voted or
 * the results are hidden. `resultsJson` holds everything, for a rule to take apart.
 */
export function resultsOutputs(card: PollCard): PollResultsOutputs {
  const results = card.results;
  const options = card.options.map((option) => {
    const counted = results?.options.find((o) => o.id === option.id);
    return { id: option.id, title: option.title, votes: counted?.votes ?? null, percent: counted?.percent ?? null };
  });
  return {
    pollId: card.id,
    title: card.title,
    status: card.status,
    totalVotes: results?.totalVotes ?? null,
    participants: results?.participants ?? null,
    leadingOption: results ? leading(options) : null,
    resultsJson: JSON.stringify({
      pollId: card.id,
      title: card.title,
      status: card.status,
      resultsHidden: card.resultsHidden,
      totalVotes: results?.totalVotes ?? null,
      participants: results?.participants ?? null,
      options,
    }),
  };
}

function leading(options: ReadonlyArray<{ title: string; votes: number | null; percent: number | null }>): string | null {
  // Counts when the viewer sees them, else the percentages (which rank the same).
  const score = (o: { votes: number | null; percent: number | null }): number => o.votes ?? o.percent ?? 0;
  const best = Math.max(0, ...options.map(score));
  if (best === 0) return null;
  return options
    .filter((o) => score(o) === best)
    .map((o) => o.title)
    .join(' / ');
}
