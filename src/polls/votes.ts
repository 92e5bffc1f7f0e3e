import { setTimeout as sleep } from 'node:timers/promises';
import { placeKeyOf, queryPollsAtPlace, type PollRecord } from '../platform/poll-store';
import { KEY } from '../platform/storage-names';
import { voterHash } from '../platform/voter-key';
import {
  batchGetVotes,
  queryVotes,
  readBallot,
  readTallies,
  tallyOf,
  writeBallot,
  type Ballot,
  type VoteRecord,
} from '../platform/vote-store';
import { conflict, notFound, pollClosed, validationError } from '../shared/domain-errors';
import type { PollCard, Voter } from '../shared/poll-ui';
import type { Poll } from '../shared/polls';
import { toPoll } from './poll-view';
import { resultsOf, sumTallies, withoutNumbers, type Tally } from './results';
import { canVote, checkedChoice, resultsHiddenFor, seesNumbers, type Viewer } from './vote-rules';

/**
 * Voting (DESIGN §10): the rules of vote-rules.ts applied to what storage holds, written so that
 * concurrent votes are never lost or counted twice (vote-store.ts), and the polls of a place as
 * one viewer sees them.
 */

/** Who votes: their account, in which installation (for the voter hash), and their name when a poll records names. */
export type VoterIdentity = { installation: string; accountId: string; displayName: () => Promise<string> };

/** Where the caller is: one issue, or one macro on one page. */
export type PlaceRef = { product: Poll['product']; contentId: string; container: string };

/** The key of a voter's vote on a poll: keyed by the voter hash, never the account id. */
async function voteKeyOf(voter: VoterIdentity, pollId: string): Promise<string> {
  return KEY.pollVote(pollId, await voterHash(voter.installation, pollId, voter.accountId));
}

/** How many times a vote is retried when others change the same records at the same moment. */
const VOTE_ATTEMPTS = 40;

export async function castVote(
  place: PlaceRef,
  voter: VoterIdentity,
  choice: { pollId: string; optionIds: string[]; comment?: string | null | undefined },
): Promise<{ poll: Poll; vote: VoteRecord; tally: Tally }> {
  return changeVote(place, voter, choice.pollId, async (poll, previous, at) => {
    if (previous && !poll.settings.allowRevote) {
      throw validationError([{ field: 'optionIds', message: 'You have voted already; this poll does not allow changing a vote.' }]);
    }
    const optionIds = checkedChoice(poll, choice.optionIds, choice.comment);
    const comment = choice.comment ?? null;
    if (previous && sameChoice(previous.optionIds, optionIds) && previous.comment === comment) return 'unchanged';
    const next: VoteRecord = { pollId: poll.id, optionIds, comment, at, version: (previous?.version ?? 0) + 1 };
    if (poll.settings.saveParticipantNames) next.voter = { accountId: voter.accountId, displayName: await voter.displayName() };
    return next;
  }).then(({ poll, vote, tally }) => {
    if (!vote) throw new Error('a vote was cast and is missing');
    return { poll, vote, tally };
  });
}

/** Takes a vote back, where the poll allows changing votes and is open. */
export async function withdrawVote(place: PlaceRef, voter: VoterIdentity, pollId: string): Promise<{ poll: Poll; tally: Tally }> {
  const { poll, tally } = await changeVote(place, voter, pollId, async (current, previous) => {
    if (!previous) throw notFound('You have not voted on this poll.');
    if (!current.settings.allowRevote) {
      throw validationError([{ field: 'pollId', message: 'this poll does not allow changing or withdrawing a vote' }]);
    }
    return undefined;
  });
  return { poll, tally };
}

type Plan = (poll: Poll, previous: VoteRecord | undefined, at: string) => Promise<VoteRecord | undefined | 'unchanged'>;

/**
 * Reads the poll, the voter's vote and the counts at once, lets `plan` decide the new vote, and
 * writes both in one conditional transaction — again from a fresh read when anything changed
 * meanwhile. 2 storage requests when nobody else votes at that moment.
 */
async function changeVote(
  place: PlaceRef,
  voter: VoterIdentity,
  pollId: string,
  plan: Plan,
): Promise<{ poll: Poll; vote: VoteRecord | undefined; tally: Tally }> {
  const voteKey = await voteKeyOf(voter, pollId);
  for (let attempt = 0; attempt < VOTE_ATTEMPTS; attempt++) {
    const ballot = await readBallot(pollId, voteKey);
    const poll = pollAt(ballot.poll, place);
    if (poll.status === 'closed') throw pollClosed();
    const next = await plan(poll, ballot.vote, new Date().toISOString());
    if (next === 'unchanged') return { poll, vote: ballot.vote, tally: tallyOf(ballot.shards) };
    if (await writeBallot({ ballot, voteKey, next })) return { poll, vote: next, tally: tallyAfter(ballot, next) };
    // Someone else changed the poll, this vote or the same shard: wait a moment, read again.
    await sleep(Math.random() * Math.min(50, 5 * (attempt + 1)));
  }
  throw conflict('Too many votes arrived at the same moment; try again.');
}

/** The poll, if it exists at this place; otherwise not found (another place's poll is not there). */
function pollAt(record: PollRecord | undefined, place: PlaceRef): Poll {
  if (!record || !isAt(record, place)) throw notFound(NOT_HERE);
  return toPoll(record);
}

const NOT_HERE = 'There is no such poll here.';

function isAt(record: PollRecord, place: PlaceRef): boolean {
  return record.placeKey === placeKeyOf(place.product, place.contentId, place.container);
}

/** The counts after our change, as far as this request knows (others may have voted meanwhile). */
function tallyAfter(ballot: Ballot, next: VoteRecord | undefined): Tally {
  const delta: Tally = { participants: (next ? 1 : 0) - (ballot.vote ? 1 : 0), votes: {} };
  for (const id of ballot.vote?.optionIds ?? []) delta.votes[id] = (delta.votes[id] ?? 0) - 1;
  for (const id of next?.optionIds ?? []) delta.votes[id] = (delta.votes[id] ?? 0) + 1;
  return sumTallies([tallyOf(ballot.shards), delta]);
}

function sameChoice(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((id, i) => id === b[i]);
}

/** A poll as this viewer sees it (DESIGN §10's PollCard). */
export function cardOf(poll: Poll, viewer: Viewer, tally: Tally): PollCard {
  const hidden = resultsHiddenFor(poll, viewer);
  const results = resultsOf(poll.options, tally, !poll.settings.allowSelectionOfMultipleOptions);
  const vote = viewer.vote;
  return {
    ...poll,
    myVote: vote ? { optionIds: vote.optionIds, comment: vote.comment, at: vote.at } : null,
    results: hidden ? null : seesNumbers(poll, viewer) ? results : withoutNumbers(results),
    resultsHidden: hidden,
    canVote: canVote(poll, vote),
    canManage: viewer.manager,
  };
}

/** The most polls one place lists; more are not shown (a place with this many polls is not a place to vote). */
export const MAX_POLLS_PER_PLACE = 100;

/**
 * The polls of a place, oldest first, as one viewer sees them: 1 query, the viewer's votes
 * (1 batch read per 25 polls) and the counts (1 batch read per 3 polls).
 */
export async function placeCards(place: PlaceRef, voter: VoterIdentity, manager: boolean): Promise<PollCard[]> {
  const { records } = await queryPollsAtPlace(placeKeyOf(place.product, place.contentId, place.container), { limit: MAX_POLLS_PER_PLACE });
  const polls = records.map(toPoll);
  const keys = await Promise.all(polls.map((poll) => voteKeyOf(voter, poll.id)));
  const [votes, tallies] = await Promise.all([batchGetVotes(keys), readTallies(polls.map((poll) => poll.id))]);
  return polls.map((poll, i) => cardOf(poll, { manager, vote: votes.get(keys[i] ?? '') }, tallies.get(poll.id) ?? tallyOf([])));
}

/** One poll of a place as one viewer sees it: 1 batch read (poll, vote, counts). */
export async function placeCard(place: PlaceRef, voter: VoterIdentity, manager: boolean, pollId: string): Promise<PollCard> {
  const found = await pollWithBallot(voter, pollId);
  if (!found || !isAt(found.record, place)) throw notFound(NOT_HERE);
  return found.cardFor(manager);
}

/**
 * A poll wherever it is, with what one viewer's card of it needs, in 1 batch read (poll, the
 * viewer's vote, counts): for callers that find a poll by its id and must ask where it is before
 * they know whether the viewer manages it (the Automation actions). Undefined for no such poll.
 */
export async function pollWithBallot(
  voter: VoterIdentity,
  pollId: string,
): Promise<{ record: PollRecord; cardFor: (manager: boolean) => PollCard } | undefined> {
  const voteKey = await voteKeyOf(voter, pollId);
  const ballot = await readBallot(pollId, voteKey);
  const record = ballot.poll;
  if (!record) return undefined;
  return { record, cardFor: (manager) => cardOf(toPoll(record), { manager, vote: ballot.vote }, tallyOf(ballot.shards)) };
}

/** The id of the newest poll of a place (of its open ones, with `openOnly`): 1 query, as a place lists at most 100. */
export async function newestPollIdAt(place: PlaceRef, openOnly: boolean): Promise<string | undefined> {
  const { records } = await queryPollsAtPlace(placeKeyOf(place.product, place.contentId, place.container), { limit: MAX_POLLS_PER_PLACE });
  const polls = records.map(toPoll).filter((poll) => !openOnly || poll.status === 'open');
  return polls.at(-1)?.id;
}

/**
 * Who voted what, on a poll that records names, for viewers who may see its results; a page of
 * 50, oldest first. An anonymous poll has no names to give.
 */
export async function pollVoters(
  place: PlaceRef,
  voter: VoterIdentity,
  manager: boolean,
  request: { pollId: string; cursor?: string | undefined },
): Promise<{ voters: Voter[]; nextCursor: string | null }> {
  const card = await placeCard(place, voter, manager, request.pollId);
  if (!card.settings.saveParticipantNames) {
    throw validationError([{ field: 'pollId', message: 'is an anonymous poll: it records no names' }], 'This poll is anonymous.');
  }
  if (card.results === null) throw notFound('The votes of this poll are not visible to you yet.');
  const page = await queryVotes(request.pollId, { limit: 50, ...(request.cursor ? { cursor: request.cursor } : {}) });
  return {
    voters: page.votes.flatMap((vote) =>
      vote.voter
        ? [
            {
              accountId: vote.voter.accountId,
              displayName: vote.voter.displayName,
              optionIds: vote.optionIds,
              comment: vote.comment,
              at: vote.at,
            },
          ]
        : [],
    ),
    nextCursor: page.nextCursor,
  };
}
