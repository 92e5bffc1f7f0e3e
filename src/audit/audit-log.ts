import { appendAuditEvent, queryAuditEvents } from '../platform/audit-store';
import type { AuditEvent, AuditListInput, Policy } from '../shared/tokens';

export type AuditEntry = Partial<Omit<AuditEvent, 'id' | 'at' | 'outcome'>> & Pick<AuditEvent, 'outcome'>;

const DEFAULT_PAGE = 50;

/** Records one event. Never pass a token here: only its id. */
export function recordAudit(entry: AuditEntry, policy: Policy, now: Date = new Date()): Promise<AuditEvent> {
  return appendAuditEvent(
    {
      at: now.toISOString(),
      outcome: entry.outcome,
      tokenId: entry.tokenId ?? null,
      actorAccountId: entry.actorAccountId ?? null,
      reason: entry.reason ?? null,
      method: entry.method ?? null,
      operation: entry.operation ?? null,
      workspace: entry.workspace ?? null,
      pollId: entry.pollId ?? null,
    },
    policy.auditRetentionDays,
  );
}

export function listAudit(input: AuditListInput): Promise<{ events: AuditEvent[]; nextCursor: string | null }> {
  return queryAuditEvents({ ...input, limit: input.limit ?? DEFAULT_PAGE });
}
