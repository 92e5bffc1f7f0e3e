import { appendAuditEvent, auditRow, queryAuditEvents } from '../platform/audit-store';
import type { TransactionRow } from '../platform/transaction-rows';
import type { AuditEvent, AuditListInput } from '../shared/tokens';

export type AuditEntry = Partial<Omit<AuditEvent, 'id' | 'at' | 'outcome'>> & Pick<AuditEvent, 'outcome'>;

const DEFAULT_PAGE = 50;
/** Fields a caller chooses (a poll id from a path, say) are cut to this length before they are kept. */
const MAX_CALLER_TEXT = 64;

/** Records one event on its own. Never pass a token here: only its id. */
export function recordAudit(entry: AuditEntry, retentionDays: number, now: Date = new Date()): Promise<AuditEvent> {
  return appendAuditEvent(eventOf(entry, now), retentionDays);
}

/** The same event as a row, to write in the transaction of the change it records. */
export function auditRowFor(entry: AuditEntry, retentionDays: number, now: Date = new Date(), id?: string): TransactionRow {
  return auditRow(eventOf(entry, now), retentionDays, id);
}

export function listAudit(input: AuditListInput): Promise<{ events: AuditEvent[]; nextCursor: string | null }> {
  return queryAuditEvents({ ...input, limit: input.limit ?? DEFAULT_PAGE });
}

/** Text a caller sent, made safe to keep: printable, and short enough that it cannot fill the log. */
export function callerText(value: string | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  // eslint-disable-next-line no-control-regex -- replacing control characters is the point
  const printable = value.replace(/[\u0000-\u001f\u007f-\u009f]/g, '?');
  const characters = [...printable];
  return characters.length > MAX_CALLER_TEXT ? `${characters.slice(0, MAX_CALLER_TEXT - 1).join('')}…` : printable;
}

function eventOf(entry: AuditEntry, now: Date): Omit<AuditEvent, 'id'> {
  return {
    at: now.toISOString(),
    outcome: entry.outcome,
    tokenId: entry.tokenId ?? null,
    actorAccountId: entry.actorAccountId ?? null,
    rule: callerText(entry.rule),
    reason: entry.reason ?? null,
    method: entry.method ?? null,
    operation: entry.operation ?? null,
    workspace: entry.workspace ?? null,
    pollId: callerText(entry.pollId),
    count: entry.count ?? null,
  };
}
