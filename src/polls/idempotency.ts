import { createHash } from 'node:crypto';
import {
  claimIdempotencyKey,
  getPollRecord,
  idempotencyKeyOf,
  insertPoll,
  readIdempotencyKey,
  releaseIdempotencyKey,
  takeOverIdempotencyKey,
  type IdempotencyRecord,
  type PollRecord,
} from '../platform/poll-store';
import type { TransactionRow } from '../platform/transaction-rows';
import { conflict } from '../shared/domain-errors';
import { invalid } from '../shared/field-errors';

/** Longer than a web trigger may run (55 s): a claim pending this long was abandoned by a crash. */
const ABANDONED_AFTER_MS = 60_000;
/** How long a concurrent duplicate waits for the first request to finish before answering 409. */
const WAIT_BUDGET_MS = 2_000;
const FIRST_WAIT_MS = 25;
const MAX_WAIT_MS = 400;
const MAX_ROUNDS = 40;
const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,255}$/;

export type IdempotentInsert = {
  tokenId: string;
  idempotencyKey: string;
  /** Hash of what the request asks for: the same key with another request is refused. */
  requestHash: string;
  record: PollRecord;
  alongside?: TransactionRow[];
};

export function checkIdempotencyKey(key: string): void {
  if (!IDEMPOTENCY_KEY.test(key)) {
    throw invalid([{ field: 'Idempotency-Key', message: 'must be 1–255 visible ASCII characters' }]);
  }
}

/**
 * Inserts the poll once per (token, Idempotency-Key). The first request claims the key as
 * "pending" (a FAIL_IF_EXISTS write), then writes the poll and marks the claim "done" in one
 * transaction. Concurrent duplicates wait a bounded time and answer the same poll; if the first
 * is still running after that, they answer a conflict rather than create a second poll.
 */
export async function insertOnce(insert: IdempotentInsert): Promise<{ record: PollRecord; replayed: boolean }> {
  const key = idempotencyKeyOf(insert.tokenId, sha256(insert.idempotencyKey));
  const claim = (): IdempotencyRecord => ({
    pollId: insert.record.id,
    requestHash: insert.requestHash,
    state: 'pending',
    claimedAt: new Date().toISOString(),
  });
  let mine = claim();
  if (await claimIdempotencyKey(key, mine)) return { record: await finish(insert, key, mine), replayed: false };

  const deadline = Date.now() + WAIT_BUDGET_MS;
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const found = await readIdempotencyKey(key);
    if (found === undefined) {
      // Released by a failed first request (or expired) since we tried: claim it afresh.
      mine = claim();
      if (await claimIdempotencyKey(key, mine)) return { record: await finish(insert, key, mine), replayed: false };
      continue;
    }
    const existing = found.claim;
    const abandoned = existing.state === 'pending' && Date.now() - Date.parse(existing.claimedAt) > ABANDONED_AFTER_MS;
    if (!found.live || abandoned) {
      // Expired (Forge may still answer it for a while), or its request died before creating
      // anything: the key is free again, whatever it asked for.
      mine = claim();
      if (await takeOverIdempotencyKey(key, existing, mine)) return { record: await finish(insert, key, mine), replayed: false };
      continue;
    }
    if (existing.requestHash !== insert.requestHash) {
      throw conflict('This Idempotency-Key was already used with a different request; use a new key for a new request.');
    }
    if (existing.state === 'done') return { record: await createdBy(existing), replayed: true };
    const left = deadline - Date.now();
    if (left <= 0) break;
    await sleep(Math.min(left, FIRST_WAIT_MS * 2 ** round, MAX_WAIT_MS));
  }
  throw stillRunning();
}

async function finish(insert: IdempotentInsert, key: string, claim: IdempotencyRecord): Promise<PollRecord> {
  let written: boolean;
  try {
    written = await insertPoll(insert.record, { alongside: insert.alongside, claim: { key, record: claim } });
  } catch (error) {
    // Let a retry with the same key proceed at once rather than wait out the claim.
    await releaseIdempotencyKey(key, claim).catch(() => undefined);
    throw error;
  }
  // Only after a minute-long stall can another request have taken the claim over.
  if (!written) throw stillRunning();
  return insert.record;
}

async function createdBy(claim: IdempotencyRecord): Promise<PollRecord> {
  const record = await getPollRecord(claim.pollId);
  if (record === undefined) throw conflict('The poll created with this Idempotency-Key has since been deleted.');
  return record;
}

function stillRunning(): Error {
  return conflict('A request with this Idempotency-Key is still in progress; retry it shortly.');
}

export function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** JSON with object keys sorted, so equal requests hash equally whatever their key order. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortedKeys(value));
}

function sortedKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortedKeys);
  if (value === null || typeof value !== 'object') return value;
  const names = Object.keys(value).sort();
  return Object.fromEntries(names.map((name) => [name, sortedKeys((value as Record<string, unknown>)[name])]));
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
