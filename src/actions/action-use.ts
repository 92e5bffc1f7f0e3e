import { auditRowFor, recordAudit, type AuditEntry } from '../audit/audit-log';
import type { TransactionRow } from '../platform/transaction-rows';
import type { Poll } from '../shared/polls';
import type { Operation, Policy } from '../shared/tokens';
import type { ActionInvocation } from './invocation';
import type { FailureRecord } from './outcome';

/**
 * The audit record of one use of an action (DESIGN §5): the rule, as the action's `rule` input
 * names it, and the user it ran as — there is no token — with the operation, the project or
 * space and the poll once known. A change is recorded in its own transaction (both or neither);
 * a read, a change that changed nothing and a failure as one event each. Unlike the web
 * trigger, whose callers are anyone on the internet, only the platform invokes an action, once
 * per rule run: one write per use is the price of "every use audited".
 */
export class ActionUse {
  workspace: string | null = null;
  pollId: string | null = null;
  private recorded = false;

  constructor(
    private readonly policy: Policy,
    private readonly invocation: ActionInvocation,
    private readonly operation: Operation,
    private readonly now: Date = new Date(),
  ) {}

  /** The `ok` event of a change, for the poll service to write with it. */
  readonly changeRows = (poll: Poll): TransactionRow[] => {
    this.recorded = true;
    this.workspace = poll.workspace;
    this.pollId = poll.id;
    return [auditRowFor(this.entry({ outcome: 'ok' }), this.policy.auditRetentionDays, this.now)];
  };

  /** Records a use that wrote nothing with it: a read, or a change that was made already. */
  async done(reason?: string): Promise<void> {
    if (this.recorded) return;
    this.recorded = true;
    await recordAudit(
      this.entry({ outcome: this.operation === 'read' ? 'read' : 'ok', ...(reason ? { reason } : {}) }),
      this.policy.auditRetentionDays,
      this.now,
    );
  }

  /** Records a use that failed; a change whose rows were handed out did not happen. */
  async failed(failure: FailureRecord): Promise<void> {
    await recordAudit(this.entry({ outcome: failure.outcome, reason: failure.reason }), this.policy.auditRetentionDays, this.now);
  }

  private entry(entry: Pick<AuditEntry, 'outcome' | 'reason'>): AuditEntry {
    return {
      ...entry,
      rule: typeof this.invocation.inputs['rule'] === 'string' ? this.invocation.inputs['rule'] : null,
      actorAccountId: this.invocation.accountId ?? null,
      method: this.invocation.via === 'rovo' ? 'ROVO' : 'AUTOMATION',
      operation: this.operation,
      workspace: this.workspace,
      pollId: this.pollId,
    };
  }
}
