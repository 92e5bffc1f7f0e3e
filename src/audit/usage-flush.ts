import { appendAuditRows } from '../platform/audit-store';
import { updateToken } from '../platform/token-store';
import type { Principal } from '../tokens/authenticate';
import { ledgerOf, MAX_TOKEN_ROWS } from './usage-ledger';

/** lastUsedAt is kept to the minute: written at a token's first use in a minute, with its counts. */
const MINUTE_MS = 60_000;
const MAX_ROWS_PER_FLUSH = 100;

/**
 * Writes what the ledger counted for a token since its last flush, at most once a minute, in one
 * transaction with its `lastUsedAt` when that is a minute old (else in one batch). A failed
 * write keeps the counts for the next flush, and never fails the request.
 */
export async function flushTokenUsage(installation: string, principal: Principal, retentionDays: number, now: Date): Promise<void> {
  const ledger = ledgerOf(installation);
  const { record, hash } = principal;
  const lastUsed = record.lastUsedAt ? Date.parse(record.lastUsedAt) : 0;
  const touch = Math.floor(lastUsed / MINUTE_MS) < Math.floor(now.getTime() / MINUTE_MS);
  if (!touch && !ledger.isDue(principal.tokenId, now.getTime())) return;
  const { rows, commit } = ledger.take(principal.tokenId, now.getTime(), retentionDays, MAX_TOKEN_ROWS);
  try {
    if (touch) {
      // Conditional on the version: losing to a concurrent revoke or another touch only leaves
      // lastUsedAt a little stale; the counts are kept for the next flush.
      if (await updateToken(hash, record.version, { ...record, lastUsedAt: now.toISOString() }, { rows })) commit();
    } else {
      await appendAuditRows(rows);
      commit();
    }
  } catch (error) {
    console.error('Could not record token usage', error instanceof Error ? error.message : error);
  }
}

/** Writes the counts of requests that presented no valid token, at most once a minute per instance. */
export async function flushUnauthenticatedUsage(installation: string, retentionDays: number, now: Date): Promise<void> {
  const ledger = ledgerOf(installation);
  if (!ledger.isDue(null, now.getTime())) return;
  const { rows, commit } = ledger.take(null, now.getTime(), retentionDays, MAX_ROWS_PER_FLUSH);
  try {
    await appendAuditRows(rows);
    commit();
  } catch (error) {
    console.error('Could not record refused requests', error instanceof Error ? error.message : error);
  }
}
