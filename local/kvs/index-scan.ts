import type { BackendReader } from './backend';
import { MAX_RANGE_PART, rangeValueOf, splitIndexEntry } from './entity-index';
import type { EntityQueryPlan } from './entity-query-request';
import { decodeRecord, isLive, type Moment, type StoredRecord } from './records';
import type { JsonObject } from './request-fields';
import { entityStorageKey } from './storage-keys';

/** A live entity found through an index, with the full ordered encoding of its range value. */
export type IndexCandidate = { key: string; range: string; record: StoredRecord; value: JsonObject };

/**
 * Yields the live entities in the plan's index partition that satisfy its range condition, in
 * (range value, key) order, starting after the plan's cursor. Entries whose stored range part
 * may have been cut to MAX_RANGE_PART sit together in the index; each such run is re-sorted by
 * the full values before it is yielded.
 */
export function* scanIndex(reader: BackendReader, plan: EntityQueryPlan, moment: Moment): Generator<IndexCandidate> {
  let { gte, lt } = plan;
  const after = plan.after;
  if (after !== undefined) {
    const resume = plan.base + after.range.slice(0, MAX_RANGE_PART);
    if (plan.descending) lt = minString(lt, resume + '\u0001');
    else gte = maxString(gte, resume + '\u0000');
  }
  if (gte >= lt) return;

  const direction = plan.descending ? -1 : 1;
  const wanted = (candidate: IndexCandidate): boolean =>
    plan.inRange(candidate.range) && (after === undefined || compareCandidates(candidate, after) * direction > 0);
  let run: IndexCandidate[] = [];
  let runPart: string | undefined;
  const flushRun = (): IndexCandidate[] => {
    const ready = run.sort((a, b) => compareCandidates(a, b) * direction).filter(wanted);
    run = [];
    runPart = undefined;
    return ready;
  };

  for (const entry of reader.range({ gte, lt, reverse: plan.descending })) {
    const { range: part, key } = splitIndexEntry(entry.key, plan.base);
    const candidate = loadCandidate(reader, plan, key, moment);
    if (candidate === undefined) continue;
    if (part.length < MAX_RANGE_PART) {
      yield* flushRun();
      if (wanted(candidate)) yield candidate;
      continue;
    }
    if (part !== runPart) yield* flushRun();
    runPart = part;
    run.push(candidate);
  }
  yield* flushRun();
}

function loadCandidate(reader: BackendReader, plan: EntityQueryPlan, key: string, moment: Moment): IndexCandidate | undefined {
  const text = reader.get(entityStorageKey(plan.entity.name, key));
  if (text === undefined) return undefined;
  const record = decodeRecord(text);
  if (!isLive(record, moment)) return undefined;
  const value = record.value as JsonObject;
  const range = rangeValueOf(plan.index, key, value);
  return range === undefined ? undefined : { key, range, record, value };
}

function compareCandidates(a: { range: string; key: string }, b: { range: string; key: string }): number {
  if (a.range !== b.range) return a.range < b.range ? -1 : 1;
  return a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
}

function minString(a: string, b: string): string {
  return a < b ? a : b;
}

function maxString(a: string, b: string): string {
  return a > b ? a : b;
}
