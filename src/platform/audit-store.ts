import { randomUUID } from 'node:crypto';
import { FilterConditions, Filter, kvs, MetadataField, Sort } from '@forge/kvs';
import type { AuditEvent, AuditOutcome } from '../shared/tokens';
import { entityText, type EntityText } from './entity-text';
import { ENTITY, INDEX } from './storage-names';

/** Null and blank fields are left out: Forge refuses blank `string` attributes. */
type StoredEvent = {
  [K in keyof AuditEvent]?: AuditEvent[K] extends string | null
    ? string extends Exclude<AuditEvent[K], null>
      ? EntityText
      : Exclude<AuditEvent[K], null>
    : Exclude<AuditEvent[K], null>;
};

const events = (): ReturnType<typeof kvs.entity<StoredEvent>> => kvs.entity<StoredEvent>(ENTITY.auditEvent);

/** Appends one event; the store drops it after the retention period (KVS TTL). */
export async function appendAuditEvent(event: Omit<AuditEvent, 'id'>, retentionDays: number): Promise<AuditEvent> {
  // Time first, so keys sort by time too; the UUID keeps same-millisecond events apart.
  const id = `${Date.parse(event.at).toString(36).padStart(9, '0')}-${randomUUID()}`;
  const stored: Record<string, unknown> = { id };
  for (const [field, value] of Object.entries(event)) {
    const kept = typeof value === 'string' ? entityText(value) : (value ?? undefined);
    if (kept !== undefined) stored[field] = kept;
  }
  await events().set(id, stored as StoredEvent, { ttl: { value: retentionDays, unit: 'DAYS' } });
  return { id, ...event };
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
  let ordered = indexed.sort(Sort.DESC).limit(query.limit);
  if (query.cursor) ordered = ordered.cursor(query.cursor);
  const page = await ordered.getMany();
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
    reason: stored.reason ?? null,
    method: stored.method ?? null,
    operation: stored.operation ?? null,
    workspace: stored.workspace ?? null,
    pollId: stored.pollId ?? null,
  };
}
