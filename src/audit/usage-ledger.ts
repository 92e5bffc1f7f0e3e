import { createHash, randomUUID } from 'node:crypto';
import type { TransactionRow } from '../platform/transaction-rows';
import type { AuditOutcome, Operation } from '../shared/tokens';
import { auditRowFor } from './audit-log';

/**
 * Counts in the function's memory what is audited as per-minute counts rather than one event
 * each (DESIGN §5): reads, failed operations, refusals of unknown or garbage tokens. Writing one
 * event per read would cost a storage write per request — a free storage burn for anyone on the
 * internet, and half the read throughput. The counts are written in rows per (token, minute,
 * workspace, outcome, reason), at most once a minute per token and once a minute for the rest.
 *
 * A row of the current minute is written with the count so far and written again, same key,
 * with the final count at the next flush, so every minute with a use leaves a row even if this
 * instance ends before its next flush. What the ledger keeps is ids and counts, never content,
 * per installation (one function instance may serve several).
 */
export type Tally = {
  outcome: AuditOutcome;
  operation?: Operation | null;
  workspace?: string | null;
  reason?: string | null;
};

type Entry = Tally & { tokenId: string | null; minute: number; count: number };

const MINUTE_MS = 60_000;
/** A transaction holds 25 operations: one for the token, the rest for its rows. */
export const MAX_TOKEN_ROWS = 24;
/**
 * Counts kept per installation; past it the oldest is dropped. A bound on memory only: it takes
 * thousands of tokens or reasons counted in one instance without a flush to reach it.
 */
const MAX_ENTRIES = 5_000;
// Rows are keyed per function instance, so two instances counting the same minute never overwrite each other.
const INSTANCE = randomUUID().slice(0, 8);

/**
 * Counts are written by channel: a token's own (flushed with its lastUsedAt, when it is used), or
 * the installation's (`null`: flushed by whichever request comes, for refusals — including
 * refusals of a known token, which may never be used successfully again).
 */
class InstallationLedger {
  /** Counts by channel ('' for the installation's), then by what they count. */
  private readonly byToken = new Map<string, Map<string, Entry>>();
  private readonly lastFlushMinute = new Map<string, number>();
  private size = 0;

  /** Counts a request of a token that was let in, to be written with the token's next flush. */
  countForToken(tokenId: string, tally: Tally, now: number): void {
    this.count(tokenId, tokenId, tally, now);
  }

  /** Counts a refused request (of a known token, or of none), to be written by the installation's flush. */
  countRefusal(tokenId: string | null, tally: Tally, now: number): void {
    this.count(null, tokenId, tally, now);
  }

  private count(channel: string | null, tokenId: string | null, tally: Tally, now: number): void {
    const minute = Math.floor(now / MINUTE_MS);
    const entries = this.entriesOf(channel, true);
    const key = entryKey(tokenId, minute, tally);
    const entry = entries.get(key);
    if (entry) {
      entry.count += 1;
      return;
    }
    if (this.size >= MAX_ENTRIES) this.dropOldest();
    entries.set(key, { ...tally, tokenId, minute, count: 1 });
    this.size += 1;
  }

  /** Whether a channel has counts not yet written in this minute. */
  isDue(channel: string | null, now: number): boolean {
    const pending = this.entriesOf(channel, false);
    return pending.size > 0 && this.lastFlushMinute.get(channel ?? '') !== Math.floor(now / MINUTE_MS);
  }

  /**
   * The rows to write now for a channel: every minute counted so far (at most `max` rows, oldest
   * first). `commit` marks them written: counts of past minutes leave memory, the current
   * minute's stay, to be written again. Without `commit` everything stays, to be tried again.
   */
  take(channel: string | null, now: number, retentionDays: number, max: number): { rows: TransactionRow[]; commit: () => void } {
    const minute = Math.floor(now / MINUTE_MS);
    const pending = this.entriesOf(channel, false);
    const chosen = [...pending.entries()].sort(([, a], [, b]) => a.minute - b.minute).slice(0, max);
    return {
      rows: chosen.map(([, entry]) => rowOf(entry, retentionDays)),
      commit: () => {
        this.lastFlushMinute.set(channel ?? '', minute);
        for (const [key, entry] of chosen) {
          if (entry.minute < minute && pending.delete(key)) this.size -= 1;
        }
        if (pending.size === 0) this.byToken.delete(channel ?? '');
      },
    };
  }

  private entriesOf(channel: string | null, create: boolean): Map<string, Entry> {
    const key = channel ?? '';
    let entries = this.byToken.get(key);
    if (!entries) {
      entries = new Map();
      if (create) this.byToken.set(key, entries);
    }
    return entries;
  }

  private dropOldest(): void {
    for (const entries of this.byToken.values()) {
      const oldest = entries.keys().next();
      if (!oldest.done) {
        entries.delete(oldest.value);
        this.size -= 1;
        return;
      }
    }
  }
}

const ledgers = new Map<string, InstallationLedger>();
const MAX_INSTALLATIONS = 1_000;

export function ledgerOf(installation: string): InstallationLedger {
  let ledger = ledgers.get(installation);
  if (!ledger) {
    if (ledgers.size >= MAX_INSTALLATIONS) ledgers.clear();
    ledger = new InstallationLedger();
    ledgers.set(installation, ledger);
  }
  return ledger;
}

function entryKey(tokenId: string | null, minute: number, tally: Tally): string {
  return JSON.stringify([tokenId, minute, tally.outcome, tally.operation ?? null, tally.workspace ?? null, tally.reason ?? null]);
}

function rowOf(entry: Entry, retentionDays: number): TransactionRow {
  const at = new Date(entry.minute * MINUTE_MS);
  const digest = createHash('sha256')
    .update(entryKey(entry.tokenId, entry.minute, entry))
    .digest('hex')
    .slice(0, 24);
  // Time first, as other audit ids, then what makes the row one count: written again, it replaces itself.
  const id = `${at.getTime().toString(36).padStart(9, '0')}-c-${INSTANCE}-${digest}`;
  return auditRowFor(
    {
      outcome: entry.outcome,
      tokenId: entry.tokenId,
      operation: entry.operation ?? null,
      workspace: entry.workspace ?? null,
      reason: entry.reason ?? null,
      count: entry.count,
    },
    retentionDays,
    at,
    id,
  );
}
