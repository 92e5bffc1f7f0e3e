import { pollBodyOf } from '../automation/poll-inputs';
import { resultsOutputs } from '../automation/results-summary';
import type { Access } from '../platform/place-access';
import type { PollRecord } from '../platform/poll-store';
import { createPoll, setPollStatus } from '../polls/poll-service';
import { newestPollIdAt, pollWithBallot, type VoterIdentity } from '../polls/votes';
import type { ClosePollOutputs, CreatePollOutputs, PollResultsOutputs } from '../shared/actions';
import { notFound } from '../shared/domain-errors';
import { invalid, parseInto } from '../shared/field-errors';
import type { PollCard } from '../shared/poll-ui';
import { PollBodySchema } from '../shared/polls';
import type { FieldError } from '../shared/resolver-contract';
import type { AutomationPolicy } from '../shared/tokens';
import { accessToIssue, accessToPoll, issueFor, requireAllowedIn, requireManager } from './access';
import { CreatePollInputsSchema, parseInputs, PollRefInputsSchema } from './action-inputs';
import type { ActionUse } from './action-use';
import type { ActionInvocation } from './invocation';

/** A run of an action once the policy lets actions run at all and the platform named the user. */
export type ActionRun<O> = (call: ActionInvocation & { accountId: string }, policy: AutomationPolicy, use: ActionUse) => Promise<O>;

/**
 * "Create poll": a poll on a Jira work item — the rule's own by default (`{{issue.key}}`), or
 * in Rovo the issue being viewed. Inputs first, every wrong one at once; then the work item as
 * the user sees it, the policy's projects, and Edit permission; then the poll, its audit event
 * in the same write. Confluence polls live in a macro, which a rule cannot place: Jira only.
 */
export const createPollAction: ActionRun<CreatePollOutputs> = async (call, policy, use) => {
  const inputs = parseInputs(CreatePollInputsSchema, call.inputs);
  const issueKey = inputs.issueKey ?? call.rovoIssue?.key;
  const problems: FieldError[] = [];
  if (!issueKey) problems.push({ field: 'issueKey', message: 'is required: the work item the poll goes on, such as {{issue.key}}' });
  const draft = pollBodyOf(inputs, new Date());
  problems.push(...draft.problems);
  const body = parseInto(PollBodySchema, draft.body, problems);
  if (!issueKey || !body || problems.length > 0) throw invalid(inInputOrder(problems));

  const issue = await issueFor(issueKey);
  use.workspace = issue.projectKey;
  requireAllowedIn(policy, { product: 'jira', id: issue.projectKey });
  requireManager(await accessToIssue(issue, call.accountId), issue.key, 'add a poll to it');
  const { poll } = await createPoll(
    { product: 'jira', workspace: issue.projectKey, content: issue.key, container: '' },
    draft.body,
    { type: 'user', id: call.accountId },
    { contentId: issue.id, alongside: use.changeRows },
  );
  return { pollId: poll.id, issueKey: issue.key, pollUrl: linkTo(issue.key, inputs.siteUrl ?? call.rovoIssue?.url) };
};

/** "Get poll results": the counts as the user may see them (the poll UI's rules), never more. */
export const pollResultsAction: ActionRun<PollResultsOutputs> = async (call, policy, use) => {
  const found = await pollOf(call, policy, use, { openOnly: false });
  return resultsOutputs(found.card(found.access.edit || found.access.admin));
};

/** "Close poll": for people who may manage it; closing a closed poll changes nothing and succeeds. */
export const closePollAction: ActionRun<ClosePollOutputs> = async (call, policy, use) => {
  const found = await pollOf(call, policy, use, { openOnly: true });
  const where = found.record.product === 'jira' ? found.record.content : `page ${found.record.content}`;
  requireManager(found.access, where, 'close its polls');
  if (found.record.status === 'closed') {
    await use.done('already closed');
    return { pollId: found.record.id, status: 'closed' };
  }
  const poll = await setPollStatus(found.record.id, 'closed', { alongside: use.changeRows });
  return { pollId: poll.id, status: poll.status };
};

type Found = { record: PollRecord; access: Access; card: (manager: boolean) => PollCard };

/**
 * The poll an action names: by its id, or else the newest (open) poll of a work item. A poll the
 * user cannot see is not there for them, as for the poll UI; one they can see outside the
 * policy's projects and spaces is refused with where it is.
 */
async function pollOf(
  call: ActionInvocation & { accountId: string },
  policy: AutomationPolicy,
  use: ActionUse,
  { openOnly }: { openOnly: boolean },
): Promise<Found> {
  const inputs = parseInputs(PollRefInputsSchema, call.inputs);
  const voter: VoterIdentity = { installation: call.installation, accountId: call.accountId, displayName: async () => '' };
  if (inputs.pollId) {
    const missing = (): Error => notFound(`There is no poll ${inputs.pollId}, or the user this action runs as cannot see it.`);
    const found = await pollWithBallot(voter, inputs.pollId);
    if (!found) throw missing();
    const access = await accessToPoll(found.record, call.accountId);
    if (!access.view && !access.admin) throw missing();
    use.workspace = found.record.workspace;
    use.pollId = found.record.id;
    requireAllowedIn(policy, { product: found.record.product, id: found.record.workspace });
    return { record: found.record, access, card: found.cardFor };
  }
  const issueKey = inputs.issueKey ?? call.rovoIssue?.key;
  if (!issueKey) {
    throw invalid([{ field: 'pollId', message: 'is required, or give issueKey to use the newest poll of that work item' }]);
  }
  const issue = await issueFor(issueKey);
  use.workspace = issue.projectKey;
  requireAllowedIn(policy, { product: 'jira', id: issue.projectKey });
  const access = await accessToIssue(issue, call.accountId);
  const pollId = await newestPollIdAt({ product: 'jira', contentId: issue.id, container: '' }, openOnly);
  const found = pollId ? await pollWithBallot(voter, pollId) : undefined;
  if (!found) throw notFound(`There is no ${openOnly ? 'open ' : ''}poll on ${issue.key}.`);
  use.pollId = found.record.id;
  return { record: found.record, access, card: found.cardFor };
}

const CREATE_INPUT_ORDER = ['issueKey', 'title', 'description', 'options', 'settings', 'closeAfterDays'];

/** Problems in the order the form shows the inputs, each input's in the order found. */
function inInputOrder(problems: FieldError[]): FieldError[] {
  const rank = (problem: FieldError): number => {
    const index = CREATE_INPUT_ORDER.indexOf(problem.field.split('.')[0] ?? '');
    return index < 0 ? CREATE_INPUT_ORDER.length : index;
  };
  return problems
    .map((problem, at) => ({ problem, at }))
    .sort((a, b) => rank(a.problem) - rank(b.problem) || a.at - b.at)
    .map((p) => p.problem);
}

/** The work item's page, where its polls are, on the site the rule's `{{baseUrl}}` (or Rovo's context) names. */
function linkTo(issueKey: string, siteUrl: string | undefined): string | null {
  if (!siteUrl || !URL.canParse(siteUrl.trim())) return null;
  const site = new URL(siteUrl.trim());
  if (site.protocol !== 'https:' && site.protocol !== 'http:') return null;
  return `${site.origin}/browse/${encodeURIComponent(issueKey)}`;
}
