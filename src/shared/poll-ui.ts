import * as v from 'valibot';
import { CommentSchema, POLL_LIMITS, type Poll } from './polls';
import type { ResolverResult } from './resolver-contract';
import { boundedArray, integer, strictObject, uuid } from './schemas';

/**
 * The contract between the poll UI (Jira issue panel, Confluence macro) and its resolver
 * function (DESIGN §10). The place — issue, or page and macro — comes from the module's context,
 * never from the payload.
 */

/**
 * Results as one viewer may see them. `votes`, `totalVotes` and `participants` are null for a
 * viewer who sees percentages only (`hideAbsoluteNumbers`); managers and API tokens always get
 * the numbers.
 */
export type Results = {
  totalVotes: number | null;
  participants: number | null;
  options: Array<{ id: string; votes: number | null; percent: number }>;
};

/** Why a viewer does not see the results yet. */
export type ResultsHiddenReason = 'until-voted' | 'until-closed' | 'managers-only';

export type MyVote = { optionIds: string[]; comment: string | null; at: string };

/**
 * A poll as one viewer sees it: the poll, their vote, the results when they may see them (null
 * and a reason otherwise), and what they may do.
 */
export type PollCard = Omit<Poll, 'results'> & {
  myVote: MyVote | null;
  results: Results | null;
  resultsHidden: ResultsHiddenReason | null;
  canVote: boolean;
  canManage: boolean;
};

export type Voter = { accountId: string; displayName: string; optionIds: string[]; comment: string | null; at: string };

const PollId = uuid();
const optionId = v.pipe(v.string(), v.minLength(1), v.maxLength(POLL_LIMITS.optionIdMaxLength));

export const PollIdPayloadSchema = strictObject({ pollId: PollId });

export const VotePayloadSchema = strictObject({
  pollId: PollId,
  optionIds: boundedArray(optionId, { min: 1, max: POLL_LIMITS.maxOptions, tooFew: 'choose an option' }),
  comment: v.optional(v.nullable(CommentSchema)),
});
export type VotePayload = v.InferOutput<typeof VotePayloadSchema>;

/** `poll` is a §4c poll body, validated as the web trigger validates one. */
export const CreatePollPayloadSchema = strictObject({ poll: v.unknown() });
export const UpdatePollPayloadSchema = strictObject({ pollId: PollId, version: integer(1), poll: v.unknown() });
export const VotersPayloadSchema = strictObject({
  pollId: PollId,
  cursor: v.optional(v.pipe(v.string(), v.minLength(1), v.maxLength(4096))),
});

type Empty = Record<string, never>;

/** Payload and answer of every poll UI resolver, by function key. */
export type PollUiResolverDefinitions = {
  'polls/list': { payload: Empty; data: { polls: PollCard[]; canManage: boolean } };
  'polls/vote': { payload: { pollId: string; optionIds: string[]; comment?: string | null }; data: { poll: PollCard } };
  'polls/withdraw': { payload: { pollId: string }; data: { poll: PollCard } };
  'polls/create': { payload: { poll: unknown }; data: { poll: PollCard } };
  'polls/update': { payload: { pollId: string; version: number; poll: unknown }; data: { poll: PollCard } };
  'polls/close': { payload: { pollId: string }; data: { poll: PollCard } };
  'polls/reopen': { payload: { pollId: string }; data: { poll: PollCard } };
  'polls/delete': { payload: { pollId: string }; data: { id: string } };
  'polls/voters': { payload: { pollId: string; cursor?: string }; data: { voters: Voter[]; nextCursor: string | null } };
};

export type PollUiResolverKey = keyof PollUiResolverDefinitions;
export type PollUiResult<K extends PollUiResolverKey> = ResolverResult<PollUiResolverDefinitions[K]['data']>;
