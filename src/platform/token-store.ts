import { FilterConditions, Filter, kvs, Sort, WhereConditions } from '@forge/kvs';
import type { TokenScope } from '../shared/tokens';
import { writeConditionally } from './kvs-errors';
import { ENTITY, INDEX, KEY } from './storage-names';

/** A token as stored, keyed by the SHA-256 of its secret. Absent optional fields mean null. */
export type TokenRecord = {
  id: string;
  name: string;
  hint: string;
  scope: TokenScope;
  createdAt: string;
  createdBy: string;
  expiresAt?: string;
  revokedAt?: string;
  rotatedFrom?: string;
  lastUsedAt?: string;
  /** Incremented by every change; updates are conditional on it, so none is lost. */
  version: number;
};

export type StoredToken = { hash: string; record: TokenRecord };

const tokens = (): ReturnType<typeof kvs.entity<TokenRecord>> => kvs.entity<TokenRecord>(ENTITY.token);
const PAGE = 100;

export async function getTokenByHash(hash: string): Promise<TokenRecord | undefined> {
  return tokens().get(hash);
}

export async function findTokenById(id: string): Promise<StoredToken | undefined> {
  const { results } = await tokens().query().index(INDEX.tokenById).where(WhereConditions.equalTo(id)).limit(1).getMany();
  const first = results[0];
  return first ? { hash: first.key, record: first.value } : undefined;
}

/** Every token, newest first. Admin-scale (hundreds), so paging through all is fine. */
export async function listAllTokens(): Promise<StoredToken[]> {
  const all: StoredToken[] = [];
  let cursor: string | undefined;
  do {
    let query = tokens().query().index(INDEX.tokenByCreatedAt).sort(Sort.DESC).limit(PAGE);
    if (cursor) query = query.cursor(cursor);
    const page = await query.getMany();
    all.push(...page.results.map((r) => ({ hash: r.key, record: r.value })));
    cursor = page.nextCursor;
  } while (cursor);
  return all;
}

/** Claims a name for a token id; false if another live token holds it. */
export async function claimTokenName(nameHash: string, id: string): Promise<boolean> {
  return writeConditionally(
    () => kvs.set(KEY.tokenName(nameHash), id, { keyPolicy: 'FAIL_IF_EXISTS' }),
    async () => (await kvs.get(KEY.tokenName(nameHash))) === undefined,
  );
}

export async function releaseTokenName(nameHash: string, id: string): Promise<void> {
  if ((await kvs.get(KEY.tokenName(nameHash))) === id) await kvs.delete(KEY.tokenName(nameHash));
}

export async function insertToken(hash: string, record: TokenRecord): Promise<void> {
  await tokens().set(hash, record);
}

/**
 * Writes `next` if the stored record is still at `expectedVersion`; false if it changed meanwhile.
 * `alsoSet` writes extra plain keys in the same transaction.
 */
export async function updateToken(
  hash: string,
  expectedVersion: number,
  next: TokenRecord,
  also: { insert?: StoredToken; setKeys?: Array<[string, unknown]>; deleteKeys?: string[] } = {},
): Promise<boolean> {
  let transaction = kvs
    .transact()
    .set(hash, { ...next, version: expectedVersion + 1 }, { entityName: ENTITY.token, conditions: versionIs(expectedVersion) });
  if (also.insert) transaction = transaction.set(also.insert.hash, also.insert.record, { entityName: ENTITY.token });
  for (const [key, value] of also.setKeys ?? []) transaction = transaction.set(key, value);
  for (const key of also.deleteKeys ?? []) transaction = transaction.delete(key);
  return writeConditionally(
    () => transaction.execute(),
    async () => (await tokens().get(hash))?.version === expectedVersion,
  );
}

function versionIs(version: number): ReturnType<Filter<TokenRecord>['and']> {
  return new Filter<TokenRecord>().and('version', FilterConditions.equalTo(version));
}
