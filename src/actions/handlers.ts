import { inputFieldOf } from '../automation/poll-inputs';
import { readPolicy } from '../platform/policy-store';
import type { ActionErrors, ClosePollOutputs, CreatePollOutputs, PollResultsOutputs } from '../shared/actions';
import { forbidden } from '../shared/domain-errors';
import type { Operation } from '../shared/tokens';
import { requireEnabled } from './access';
import { ActionUse } from './action-use';
import { invocationOf } from './invocation';
import { explain, unexpected } from './outcome';
import { closePollAction, createPollAction, pollResultsAction, type ActionRun } from './poll-actions';

type ActionSpec<O> = {
  operation: Operation;
  run: ActionRun<O>;
  /** The input a field of the poll service's errors came from. */
  inputName?: (field: string, inputs: Record<string, unknown>) => string;
};

export type ActionHandler<O> = (payload: unknown, context: unknown) => Promise<O | ActionErrors>;

/**
 * An action's function: the policy first (on at all?), then the action, which checks where and
 * as whom; every use audited; every failure answered as `{ errors }` (outcome.ts), a surprise
 * logged and answered without its details. It never throws, so the rule owner always learns why.
 * What it answers on success are the outputs the manifest declares, by name and type.
 */
function actionHandler<O>(spec: ActionSpec<O>): ActionHandler<O> {
  return async (payload, context) => {
    const call = invocationOf(payload, context);
    let use: ActionUse | undefined;
    try {
      const policy = await readPolicy();
      use = new ActionUse(policy, call, spec.operation);
      requireEnabled(policy.automationActions);
      const { accountId } = call;
      if (accountId === undefined) throw forbidden('The platform named no user to run this action as.');
      const outputs = await spec.run({ ...call, accountId }, policy.automationActions, use);
      await use.done();
      return outputs;
    } catch (error) {
      const explained = explain(error, (field) => spec.inputName?.(field, call.inputs) ?? field);
      if (!explained) console.error('[quorum] an Automation action failed unexpectedly:', error);
      const { answer, audit } = explained ?? unexpected();
      await use
        ?.failed(audit)
        .catch((auditError: unknown) => console.error('[quorum] the failed action could not be audited:', auditError));
      return answer;
    }
  };
}

export const createPollHandler: ActionHandler<CreatePollOutputs> = actionHandler({
  operation: 'create',
  run: createPollAction,
  inputName: inputFieldOf,
});

export const getPollResultsHandler: ActionHandler<PollResultsOutputs> = actionHandler({ operation: 'read', run: pollResultsAction });

export const closePollHandler: ActionHandler<ClosePollOutputs> = actionHandler({ operation: 'update', run: closePollAction });
