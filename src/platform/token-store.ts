import { Filter, FilterConditions, kvs, Sort, WhereConditions } from '@forge/kvs';
import type { TokenScope } from '../shared/tokens';
import { entityText, requiredText, type EntityText } from './entity-text';
import { pageOf, writeConditionally } from './kvs-errors';
import { ENTITY, INDEX } from './storage-names';
import { withRows, type TransactionRow } from './transaction-rows';

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
  /**
   * When the first token of its rotation chain was created (its own createdAt if never rotated):
   * a revoke-all revokes every token whose chain began before it, rotated meanwhile or not.
   */
  lineageCreatedAt?: string;
  /** Incremented by every change; updates are conditional on it, so none is lost. */
  version: number;
};

export type StoredToken = { hash: string; record: TokenRecord };

/** The record as the `token` entity holds it: every text attribute storable, and the search key. */
type StoredRecord = {
  [K in keyof TokenRecord]: TokenRecord[K] extends string
    ? EntityText
    : TokenRecord[K] extends string | undefined
      ? EntityText | undefined
      : TokenRecord[K];
} & { nameKey?: EntityText };

type NameClaim = { tokenId: EntityText };

const tokens = (): ReturnType<typeof kvs.entity<StoredRecord>> => kvs.entity<StoredRecord>(ENTITY.token);
const names = (): ReturnType<typeof kvs.entity<NameClaim>> => kvs.entity<NameClaim>(ENTITY.tokenName);
const PAGE = 100;

/** What a name search compares: the name without surrounding spaces, in lower case. */
export function nameKeyOf(name: string): string {
  return name.trim().toLowerCase();
}

function toStored(record: TokenRecord): StoredRecord {
  const stored: Record<string, unknown> = { version: record.version, scope: record.scope };
  for (const [field, value] of Object.entries(record)) {
    if (typeof value === 'string') {
      const text = entityText(value);
      if (text !== undefined) stored[field] = text;
    }
  }
  stored['nameKey'] = requiredText(nameKeyOf(record.name), 'nameKey');
  return stored as StoredRecord;
}

function fromStored(stored: StoredRecord): TokenRecord {
  const { nameKey: _nameKey, ...record } = stored;
  return record;
}

/** A token record from a `token` entity value read some other way (a batch read, say). */
export function tokenFromEntity(value: unknown): TokenRecord {
  return fromStored(value as StoredRecord);
}

export async function getTokenByHash(hash: string): Promise<TokenRecord | undefined> {
  const stored = await tokens().get(hash);
  return stored && fromStored(stored);
}

export async function findTokenById(id: string): Promise<StoredToken | undefined> {
  const { results } = await tokens().query().index(INDEX.tokenById).where(WhereConditions.equalTo(id)).limit(1).getMany();
  const first = results[0];
  return first ? { hash: first.key, record: fromStored(first.value) } : undefined;
}

export type TokenPage = { tokens: StoredToken[]; nextCursor: string | null };

/**
 * One page of tokens in one indexed query: newest first, or — with `namePrefix` — by name from
 * that prefix on (names compared in lower case).
 */
export async function queryTokens(page: { limit: number; cursor?: string; namePrefix?: string }): Promise<TokenPage> {
  const base = tokens().query();
  const query =
    page.namePrefix === undefined || page.namePrefix === ''
      ? base.index(INDEX.tokenByCreatedAt).sort(Sort.DESC)
      : base
          .index(INDEX.tokenByName)
          .where(WhereConditions.beginsWith(nameKeyOf(page.namePrefix)))
          .sort(Sort.ASC);
  const result = await pageOf(query.limit(page.limit), page.cursor);
  return { tokens: result.results.map((r) => ({ hash: r.key, record: fromStored(r.value) })), nextCursor: result.nextCursor ?? null };
}

/** Every token, newest first, a page of 100 at a time. */
export async function* allTokens(): AsyncGenerator<StoredToken> {
  let cursor: string | undefined;
  do {
    const page = await queryTokens({ limit: PAGE, ...(cursor ? { cursor } : {}) });
    yield* page.tokens;
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
}

/** The id of the token that holds a name (unique among tokens that are not revoked). */
export async function nameHolder(nameHash: string): Promise<string | undefined> {
  return (await names().get(nameHash))?.tokenId;
}

/**
 * Inserts a token, claims its name and writes `rows` (its audit event) in one transaction, so a
 * crash at any point leaves all three or none. The claim must be free, or still held by
 * `replacing` — a token found revoked, whose name may be taken over. False when another token
 * holds the name (or took it meanwhile): nothing was written.
 */
export async function insertToken(
  token: StoredToken,
  claim: { nameHash: string; replacing?: string },
  rows: readonly TransactionRow[],
): Promise<boolean> {
  const claimCondition =
    claim.replacing === undefined
      ? new Filter<NameClaim>().and('tokenId', FilterConditions.notExists())
      : new Filter<NameClaim>().and('tokenId', FilterConditions.equalTo(claim.replacing));
  const transaction = kvs
    .transact()
    .set(token.hash, toStored(token.record), {
      entityName: ENTITY.token,
      conditions: new Filter<StoredRecord>().and('id', FilterConditions.notExists()),
    })
    .set(
      claim.nameHash,
      { tokenId: requiredText(token.record.id, 'tokenId') },
      { entityName: ENTITY.tokenName, conditions: claimCondition },
    );
  return writeConditionally(
    () => withRows(transaction, rows).execute(),
    async () => (await nameHolder(claim.nameHash)) === claim.replacing && (await tokens().get(token.hash)) === undefined,
  );
}

/**
 * Writes `next` if the stored record is still at `expectedVersion` — with, in the same
 * transaction, a token to insert (a rotation), a name to hand to it or to release, and rows.
 * False if the token changed meanwhile: nothing was written.
 */
export async function updateToken(
  hash: string,
  expectedVersion: number,
  next: TokenRecord,
  also: { insert?: StoredToken; name?: { nameHash: string; holder: string | null }; rows?: readonly TransactionRow[] } = {},
): Promise<boolean> {
  let transaction = kvs.transact().set(hash, toStored({ ...next, version: expectedVersion + 1 }), {
    entityName: ENTITY.token,
    conditions: new Filter<StoredRecord>().and('version', FilterConditions.equalTo(expectedVersion)),
  });
  if (also.insert) transaction = transaction.set(also.insert.hash, toStored(also.insert.record), { entityName: ENTITY.token });
  if (also.name) {
    // The name belongs to this token while it is live, so handing it on or releasing it needs no condition.
    const { nameHash, holder } = also.name;
    transaction =
      holder === null
        ? transaction.delete(nameHash, { entityName: ENTITY.tokenName })
        : transaction.set(nameHash, { tokenId: requiredText(holder, 'tokenId') }, { entityName: ENTITY.tokenName });
  }
  return writeConditionally(
    () => withRows(transaction, also.rows).execute(),
    async () => (await tokens().get(hash))?.version === expectedVersion,
  );
}
