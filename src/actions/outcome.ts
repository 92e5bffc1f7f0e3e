import { ForgeKvsAPIError } from '@forge/kvs';
import type { ActionErrors } from '../shared/actions';
import { DomainError, ERROR_CODE_OF_KIND } from '../shared/domain-errors';

/**
 * How an action says it did not do its job. "If the user hasn't provided valid inputs to your
 * action, you can return a list of error messages. The rule will stop execution, the action will
 * be marked as failed, and the rule owner will be notified by email … the Audit Log … shows the
 * error messages you have provided", whereas "if your app throws an exception … only a generic
 * error message will be shown" (manifest-reference/modules/automation-action, "Communicating
 * errors"). So every failure the app can explain is returned as `{ errors: [{ message }] }` —
 * never a throw — each message led by the web trigger's code for it (`invalid_request`,
 * `not_found`, `insufficient_scope`, …) and naming the input at fault. Rovo reads the same
 * answer as text. Messages never carry internals.
 */

/** A refusal of the policy or the platform, with what the audit log records for it. */
export class ActionRefusal extends Error {
  constructor(
    readonly outcome: 'actions_disabled' | 'insufficient_scope',
    readonly reason: string,
    message: string,
  ) {
    super(message);
    this.name = 'ActionRefusal';
  }
}

/** What the audit log records of a failed use: its outcome and why. */
export type FailureRecord = { outcome: 'actions_disabled' | 'insufficient_scope' | 'failed'; reason: string };

export type Explained = { answer: ActionErrors; audit: FailureRecord };

/**
 * The answer to a failure the app expects, or undefined for a surprise. `inputName` turns a
 * field of the poll service's errors into the input a rule author filled in.
 */
export function explain(error: unknown, inputName: (field: string) => string = (field) => field): Explained | undefined {
  if (error instanceof ActionRefusal) {
    return { answer: errors([`${codeOf(error.outcome)}: ${error.message}`]), audit: { outcome: error.outcome, reason: error.reason } };
  }
  if (error instanceof DomainError) {
    const code = ERROR_CODE_OF_KIND[error.kind];
    const messages =
      error.fields.length > 0
        ? error.fields.map(({ field, message }) => `${code}: ${inputName(field)} ${message}`)
        : [`${code}: ${error.message}`];
    const audit: FailureRecord =
      error.kind === 'forbidden' ? { outcome: 'insufficient_scope', reason: 'user_not_permitted' } : { outcome: 'failed', reason: code };
    return { answer: errors(messages), audit };
  }
  if (error instanceof ForgeKvsAPIError && (error.responseDetails.status >= 500 || error.responseDetails.status === 429)) {
    return {
      answer: errors(['storage_unavailable: Quorum’s storage is unavailable right now. Run the rule again in a few minutes.']),
      audit: { outcome: 'failed', reason: 'storage_unavailable' },
    };
  }
  return undefined;
}

/** The answer to a surprise: the rule owner learns that it failed and what to do, never why. */
export function unexpected(): Explained {
  return {
    answer: errors([
      'internal_error: Quorum could not finish this action because of an unexpected error. Run the rule again; if it fails again, tell your Jira admin.',
    ]),
    audit: { outcome: 'failed', reason: 'internal_error' },
  };
}

function errors(messages: string[]): ActionErrors {
  return { errors: messages.map((message) => ({ message })) };
}

function codeOf(outcome: ActionRefusal['outcome']): string {
  return outcome === 'actions_disabled' ? 'actions_disabled' : 'insufficient_scope';
}
