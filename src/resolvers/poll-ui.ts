import Resolver from '@forge/resolver';
import * as v from 'valibot';
import { accessTo, currentWorkspaceOf, type Place } from '../platform/place-access';
import { placeKeyOf } from '../platform/poll-store';
import { displayNameOf } from '../platform/user-profile';
import { createPoll, deletePoll, replacePoll, setPollStatus } from '../polls/poll-service';
import { castVote, cardOf, placeCard, placeCards, pollVoters, withdrawVote, type PlaceRef, type VoterIdentity } from '../polls/votes';
import { forbidden, notFound } from '../shared/domain-errors';
import { fieldErrorsOf, invalid } from '../shared/field-errors';
import {
  CreatePollPayloadSchema,
  PollIdPayloadSchema,
  UpdatePollPayloadSchema,
  VotePayloadSchema,
  VotersPayloadSchema,
  type PollUiResolverDefinitions,
  type PollUiResolverKey,
} from '../shared/poll-ui';
import type { PollLocation } from '../shared/polls';
import type { ResolverResult } from '../shared/resolver-contract';
import { strictObject } from '../shared/schemas';
import { envelope, failure } from './envelope';

/**
 * The poll UI's resolver function (DESIGN §10): the Jira issue panel and the Confluence macro.
 * Every call asks the product, as the user, what they may do at the module's place — View to see
 * and vote, Edit (or site admin) to manage — before anything else.
 */
type ResolverContext = { accountId?: string; installContext?: string; localId?: string; extension?: unknown };
type Request = { payload: unknown; context: ResolverContext };

/** What a call knows once its caller passed the permission check. */
type Call = { place: Place; ref: PlaceRef; placeKey: string; manager: boolean; voter: VoterIdentity; accountId: string };

const ISSUE_ID = /^[1-9][0-9]{0,19}$/;
const ISSUE_KEY = /^[A-Z][A-Z0-9_]{0,49}-[1-9][0-9]{0,17}$/;
const PROJECT_KEY = /^[A-Z][A-Z0-9_]{0,49}$/;
const MACRO_ID = /^[A-Za-z0-9._:-]{1,128}$/;

const JiraExtension = v.looseObject({
  type: v.union([v.literal('jira:issuePanel'), v.literal('jira:issueContext')]),
  issue: v.looseObject({ id: v.pipe(v.string(), v.regex(ISSUE_ID)), key: v.pipe(v.string(), v.regex(ISSUE_KEY)) }),
  project: v.looseObject({ key: v.pipe(v.string(), v.regex(PROJECT_KEY)) }),
});
const MacroExtension = v.looseObject({
  type: v.literal('macro'),
  content: v.looseObject({ id: v.pipe(v.string(), v.regex(ISSUE_ID)) }),
  space: v.looseObject({ id: v.pipe(v.union([v.string(), v.number()]), v.transform(String), v.regex(ISSUE_ID)) }),
});

/** The place the module's context claims, or undefined when it names none this resolver serves. */
export function placeOf(context: ResolverContext): Place | undefined {
  const jira = v.safeParse(JiraExtension, context.extension);
  if (jira.success) {
    const { issue, project } = jira.output;
    return { product: 'jira', issueId: issue.id, issueKey: issue.key, projectKey: project.key };
  }
  const macro = v.safeParse(MacroExtension, context.extension);
  if (macro.success && typeof context.localId === 'string' && MACRO_ID.test(context.localId)) {
    return { product: 'confluence', pageId: macro.output.content.id, spaceId: macro.output.space.id, macroId: context.localId };
  }
  return undefined;
}

function refOf(place: Place): PlaceRef {
  return place.product === 'jira'
    ? { product: 'jira', contentId: place.issueId, container: '' }
    : { product: 'confluence', contentId: place.pageId, container: place.macroId };
}

/**
 * Wraps a poll UI resolver: the caller, the place and their permission there first (`view` or
 * `manage`), then the payload, then the work, answered in the `{ ok, data | error }` envelope.
 */
function atPlace<S extends v.GenericSchema, K extends PollUiResolverKey>(
  need: 'view' | 'manage',
  schema: S,
  handler: (payload: v.InferOutput<S>, call: Call) => Promise<PollUiResolverDefinitions[K]['data']>,
): (request: Request) => Promise<ResolverResult<PollUiResolverDefinitions[K]['data']>> {
  return async ({ payload, context }) => {
    const accountId = context.accountId;
    const place = placeOf(context);
    if (!accountId) return failure('FORBIDDEN', 'Sign in to see and vote on polls.');
    if (!place) return failure('FORBIDDEN', 'Polls live on a Jira issue or a Confluence page; this module has neither.');
    return envelope(async () => {
      // Managing matters to every call: a manager sees results others may not, and the card says what they may do.
      const access = await accessTo(place, accountId);
      const manager = access.edit || access.admin;
      if (!access.view && !access.admin) throw forbidden('You do not have permission to see this issue or page.');
      if (need === 'manage' && !manager) throw forbidden('Only people who can edit this issue or page can manage its polls.');
      const parsed = v.safeParse(schema, payload);
      if (!parsed.success) throw invalid(fieldErrorsOf(parsed.issues));
      const ref = refOf(place);
      // Asked of the product once per call, however often a contended vote is retried.
      let displayName: Promise<string> | undefined;
      const voter: VoterIdentity = {
        installation: context.installContext ?? 'local',
        accountId,
        displayName: () => (displayName ??= displayNameOf(place.product, accountId)),
      };
      return handler(parsed.output, {
        place,
        ref,
        placeKey: placeKeyOf(ref.product, ref.contentId, ref.container),
        manager,
        voter,
        accountId,
      });
    });
  };
}

const EMPTY = strictObject({});

/** Where a poll created here lives, with the product's current project or space (asked as the app). */
async function locationOf(call: Call): Promise<PollLocation> {
  const current = await currentWorkspaceOf(call.place);
  if (!current) throw notFound('This issue or page no longer exists.');
  return call.place.product === 'jira'
    ? { product: 'jira', workspace: current.workspace, content: current.content, container: '' }
    : { product: 'confluence', workspace: current.workspace, content: current.content, container: call.place.macroId };
}

export function definePollUiResolvers(resolver: Resolver): void {
  resolver.define(
    'polls/list',
    atPlace('view', EMPTY, async (_payload, call) => ({
      polls: await placeCards(call.ref, call.voter, call.manager),
      canManage: call.manager,
    })),
  );
  resolver.define(
    'polls/vote',
    atPlace('view', VotePayloadSchema, async (payload, call) => {
      const { poll, vote, tally } = await castVote(call.ref, call.voter, payload);
      return { poll: cardOf(poll, { manager: call.manager, vote }, tally) };
    }),
  );
  resolver.define(
    'polls/withdraw',
    atPlace('view', PollIdPayloadSchema, async ({ pollId }, call) => {
      const { poll, tally } = await withdrawVote(call.ref, call.voter, pollId);
      return { poll: cardOf(poll, { manager: call.manager, vote: undefined }, tally) };
    }),
  );
  resolver.define(
    'polls/create',
    atPlace('manage', CreatePollPayloadSchema, async ({ poll }, call) => {
      const { poll: created } = await createPoll(
        await locationOf(call),
        poll,
        { type: 'user', id: call.accountId },
        { contentId: call.ref.contentId },
      );
      return { poll: await placeCard(call.ref, call.voter, call.manager, created.id) };
    }),
  );
  resolver.define(
    'polls/update',
    atPlace('manage', UpdatePollPayloadSchema, async ({ pollId, version, poll }, call) => {
      await replacePoll(pollId, poll, { placeKey: call.placeKey, ifMatch: [version] });
      return { poll: await placeCard(call.ref, call.voter, call.manager, pollId) };
    }),
  );
  for (const [key, status] of [
    ['polls/close', 'closed'],
    ['polls/reopen', 'open'],
  ] as const) {
    resolver.define(
      key,
      atPlace('manage', PollIdPayloadSchema, async ({ pollId }, call) => {
        await setPollStatus(pollId, status, { placeKey: call.placeKey });
        return { poll: await placeCard(call.ref, call.voter, call.manager, pollId) };
      }),
    );
  }
  resolver.define(
    'polls/delete',
    atPlace('manage', PollIdPayloadSchema, async ({ pollId }, call) => {
      await deletePoll(pollId, { placeKey: call.placeKey });
      return { id: pollId };
    }),
  );
  resolver.define(
    'polls/voters',
    atPlace('view', VotersPayloadSchema, ({ pollId, cursor }, call) => pollVoters(call.ref, call.voter, call.manager, { pollId, cursor })),
  );
}
