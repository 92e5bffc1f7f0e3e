import { randomUUID } from 'node:crypto';
import { FilterConditions, Filter, kvs, MetadataField, Sort } from '@forge/kvs';
import type { AuditEvent, AuditOutcome } from '../shared/tokens';
import { entityText, type EntityText } from './entity-text';
import { pageOf } from './kvs-errors';
import { ENTITY, INDEX } from './storage-names';
import type { TransactionRow } from './transaction-rows';

/** Null and blank fields are left out: Forge refuses blank `string` attributes. */
type StoredEvent = {
  [K in keyof AuditEvent]?: AuditEvent[K] extends string | null
    ? string extends Exclude<AuditEvent[K], null>
      ? EntityText
      : Exclude<AuditEvent[K], null>
    : Exclude<AuditEvent[K], null>;
};

export type NewAuditEvent = Omit<AuditEvent, 'id'>;

const events = (): ReturnType<typeof kvs.entity<StoredEvent>> => kvs.entity<StoredEvent>(ENTITY.auditEvent);
const BATCH_SIZE = 25;

/** A new event id: time first, so keys sort by time too; the UUID keeps same-millisecond events apart. */
export function auditEventId(at: string): string {
  return `${Date.parse(at).toString(36).padStart(9, '0')}-${randomUUID()}`;
}

/**
 * The row of one event, for a transaction or a batch; the store drops it after the retention
 * period (KVS TTL). A counted event keeps the id it is given, so writing it again with a higher
 * count replaces it.
 */
export function auditRow(event: NewAuditEvent, retentionDays: number, id: string = auditEventId(event.at)): TransactionRow {
  const stored: Record<string, unknown> = { id };
  for (const [field, value] of Object.entries(event)) {
    const kept = typeof value === 'string' ? entityText(value) : (value ?? undefined);
    if (kept !== undefined) stored[field] = kept;
  }
  return { key: id, entityName: ENTITY.auditEvent, value: stored as StoredEvent, ttlDays: retentionDays };
}

/** Appends one event on its own. */
export async function appendAuditEvent(event: NewAuditEvent, retentionDays: number): Promise<AuditEvent> {
  const row = auditRow(event, retentionDays);
  await events().set(row.key, row.value as StoredEvent, { ttl: { value: retentionDays, unit: 'DAYS' } });
  return { id: row.key, ...event };
}

/** Writes rows of events in batches of 25; a row that fails is rethrown, after the others are written. */
export async function appendAuditRows(rows: readonly TransactionRow[]): Promise<void> {
  for (let start = 0; start < rows.length; start += BATCH_SIZE) {
    const batch = rows.slice(start, start + BATCH_SIZE).map((row) => ({
      key: row.key,
      entityName: ENTITY.auditEvent,
      value: row.value,
      ...(row.ttlDays === undefined ? {} : { options: { ttl: { value: row.ttlDays, unit: 'DAYS' as const } } }),
    }));
    const { failedKeys } = await kvs.batchSet(batch);
    if (failedKeys.length > 0) throw new Error(`${failedKeys.length} audit rows were not written: ${failedKeys[0]?.error.code}`);
  }
}

export type AuditQuery = { tokenId?: string; outcome?: AuditOutcome; limit: number; cursor?: string };

/**
 * Newest first, one indexed query: by token, else by outcome, else by time; the other as a filter.
 * Forge may answer an event for up to 48 hours after its retention ended (storage-reference/
 * kvs-api, "Expired data is not removed immediately"); each event's expiry is asked for and the
 * expired ones are left out, so a page may hold fewer events than its limit.
 */
export async function queryAuditEvents(
  query: AuditQuery,
  now: Date = new Date(),
): Promise<{ events: AuditEvent[]; nextCursor: string | null }> {
  const base = events().query({ metadataFields: [MetadataField.EXPIRE_TIME] });
  let indexed = query.tokenId
    ? base.index(INDEX.auditByToken, { partition: [query.tokenId] })
    : query.outcome
      ? base.index(INDEX.auditByOutcome, { partition: [query.outcome] })
      : base.index(INDEX.auditByTime);
  if (query.tokenId && query.outcome) {
    indexed = indexed.filters(new Filter<StoredEvent>().and('outcome', FilterConditions.equalTo(query.outcome)));
  }
  // An empty cursor is none.
  const page = await pageOf(indexed.sort(Sort.DESC).limit(query.limit), query.cursor || undefined);
  const live = page.results.filter((r) => r.expireTime === undefined || Date.parse(r.expireTime) > now.getTime());
  return { events: live.map((r) => toEvent(r.value)), nextCursor: page.nextCursor ?? null };
}

function toEvent(stored: StoredEvent): AuditEvent {
  return {
    id: stored.id ?? '',
    at: stored.at ?? '',
    outcome: stored.outcome ?? 'ok',
    tokenId: stored.tokenId ?? null,
    actorAccountId: stored.actorAccountId ?? null,
    rule: stored.rule ?? null,
    reason: stored.reason ?? null,
    method: stored.method ?? null,
    operation: stored.operation ?? null,
    workspace: stored.workspace ?? null,
    pollId: stored.pollId ?? null,
    count: stored.count ?? null,
  };
}
