import type { VoteRecord } from '../platform/vote-store';
import { validationError } from '../shared/domain-errors';
import type { ResultsHiddenReason } from '../shared/poll-ui';
import type { Poll } from '../shared/polls';
import type { FieldError } from '../shared/resolver-contract';

/**
 * DESIGN §10's rules, in one place and without storage, so that the resolvers, the web trigger
 * and the Automation actions judge a poll the same way. The UI only mirrors them.
 */

/** Who looks at a poll: managers (edit permission, or a site admin) see everything. */
export type Viewer = { manager: boolean; vote: VoteRecord | undefined };

/** Why the viewer does not see the results, or null when they do. */
export function resultsHiddenFor(poll: Poll, viewer: Viewer): ResultsHiddenReason | null {
  if (viewer.manager) return null;
  switch (poll.settings.resultsVisibility) {
    case 'alwaysPublic':
      return null;
    // Once the poll is closed there is nothing left to sway: who could vote sees how it ended.
    case 'afterVote':
      return viewer.vote || poll.status === 'closed' ? null : 'until-voted';
    case 'afterClose':
      return poll.status === 'closed' ? null : 'until-closed';
    case 'private':
      return 'managers-only';
  }
}

/** Whether the viewer sees the counts, or percentages only. */
export function seesNumbers(poll: Poll, viewer: Viewer): boolean {
  return viewer.manager || !poll.settings.hideAbsoluteNumbers;
}

/** Whether the viewer may vote now: the poll is open, and they have not voted unless revoting is allowed. */
export function canVote(poll: Poll, vote: VoteRecord | undefined): boolean {
  return poll.status === 'open' && (vote === undefined || poll.settings.allowRevote);
}

/**
 * Checks a choice against the poll: known options, each once, exactly one unless several are
 * allowed; a comment only where comments are allowed. Answers the options in the poll's order.
 */
export function checkedChoice(poll: Poll, optionIds: readonly string[], comment: string | null | undefined): string[] {
  const problems: FieldError[] = [];
  const known = new Set(poll.options.map((option) => option.id));
  const unknown = optionIds.filter((id) => !known.has(id));
  if (unknown.length > 0) problems.push({ field: 'optionIds', message: `names options the poll does not have: ${unknown.join(', ')}` });
  if (new Set(optionIds).size !== optionIds.length) problems.push({ field: 'optionIds', message: 'names an option more than once' });
  if (!poll.settings.allowSelectionOfMultipleOptions && optionIds.length !== 1) {
    problems.push({ field: 'optionIds', message: 'must be exactly one option: this poll allows one choice' });
  }
  if (comment !== null && comment !== undefined && !poll.settings.allowComment)
    problems.push({ field: 'comment', message: 'is not allowed on this poll' });
  if (problems.length > 0) throw validationError(problems, 'This vote breaks the poll’s rules; see errors.');
  const chosen = new Set(optionIds);
  return poll.options.filter((option) => chosen.has(option.id)).map((option) => option.id);
}

/** A settings change that would reinterpret votes already cast, refused once there are votes. */
export function frozenSettingChanges(before: Poll['settings'], after: Poll['settings']): FieldError[] {
  const problems: FieldError[] = [];
  if (before.saveParticipantNames !== after.saveParticipantNames) {
    problems.push({
      field: 'settings.saveParticipantNames',
      message: 'cannot change once people have voted: their votes were cast as ' + (before.saveParticipantNames ? 'named' : 'anonymous'),
    });
  }
  if (before.allowSelectionOfMultipleOptions && !after.allowSelectionOfMultipleOptions) {
    problems.push({
      field: 'settings.allowSelectionOfMultipleOptions',
      message: 'cannot be turned off once people have voted: some may have chosen several options',
    });
  }
  return problems;
}
