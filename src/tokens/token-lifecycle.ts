import { createHash, randomUUID } from 'node:crypto';
import { auditRowFor } from '../audit/audit-log';
import { readSettings, writeRevocation, type Settings } from '../platform/policy-store';
import { listSiteWorkspaces } from '../platform/site-workspaces';
import {
  allTokens,
  findTokenById,
  insertToken,
  nameHolder,
  queryTokens,
  updateToken,
  type StoredToken,
  type TokenRecord,
} from '../platform/token-store';
import { conflict, notFound, validationError } from '../shared/domain-errors';
import type { CreateTokenInput, TokenListInput, TokenView } from '../shared/tokens';
import { expiryProblems } from './expiry';
import { normalizeScope, scopeProblems } from './scope';
import { generateToken, hashToken, tokenHint } from './token-format';
import { revokedAtOf, toTokenView } from './token-view';

export type Minted = { token: string; tokenView: TokenView };

// A concurrent lastUsedAt write can win the version race; a few retries always get through.
const UPDATE_ATTEMPTS = 5;
const DEFAULT_PAGE = 25;
const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * One page of tokens: newest first, or by name from `query` on. Two storage requests whatever
 * the number of tokens (the settings, and one indexed query). The status filter applies to the
 * page read, so a filtered page may be short while `nextCursor` says more may follow.
 */
export async function listTokens(
  input: TokenListInput,
  now: Date = new Date(),
): Promise<{ tokens: TokenView[]; nextCursor: string | null }> {
  const [settings, page] = await Promise.all([
    readSettings(),
    queryTokens({
      limit: input.limit ?? DEFAULT_PAGE,
      ...(input.cursor ? { cursor: input.cursor } : {}),
      ...(input.query ? { namePrefix: input.query } : {}),
    }),
  ]);
  const views = page.tokens.map(({ record }) => toTokenView(record, settings, now));
  return { tokens: input.status ? views.filter((view) => view.status === input.status) : views, nextCursor: page.nextCursor };
}

/**
 * Mints a token. The plaintext is in the answer and nowhere else: only its hash is stored. The
 * token, its name's claim and its `token_created` event are one transaction, so no crash can
 * leave a name reserved by no token, or a token nobody audited.
 */
export async function createToken(input: CreateTokenInput, accountId: string, now: Date = new Date()): Promise<Minted> {
  const settings = await readSettings();
  const { policy } = settings;
  // Checked before normalising, so that field paths point into what the admin sent.
  const problems = [...expiryProblems(input.expiresAt, policy, now), ...scopeProblems(input.scope, policy, await listSiteWorkspaces())];
  if (problems.length > 0) throw validationError(problems);

  const id = randomUUID();
  const token = generateToken();
  const record: TokenRecord = {
    id,
    name: input.name,
    hint: tokenHint(token),
    scope: normalizeScope(input.scope),
    createdAt: now.toISOString(),
    createdBy: accountId,
    ...(input.expiresAt ? { expiresAt: new Date(input.expiresAt).toISOString() } : {}),
    lineageCreatedAt: now.toISOString(),
    version: 1,
  };
  const stored: StoredToken = { hash: hashToken(token), record };
  const row = auditRowFor({ outcome: 'token_created', tokenId: id, actorAccountId: accountId }, policy.auditRetentionDays, now);
  const nameHash = nameHashOf(input.name);
  let replacing: string | undefined;
  for (let attempt = 0; attempt < UPDATE_ATTEMPTS; attempt++) {
    if (await insertToken(stored, { nameHash, ...(replacing ? { replacing } : {}) }, [row])) {
      return { token, tokenView: toTokenView(record, settings, now) };
    }
    // The name is held: by a live token (refused), or by one revoked since (taken over).
    const holder = await nameHolder(nameHash);
    if (holder !== undefined) {
      const held = await findTokenById(holder);
      if (held && !revokedAtOf(held.record, settings)) {
        throw validationError([{ field: 'name', message: 'a token that is not revoked already has this name' }]);
      }
    }
    replacing = holder;
  }
  throw conflict('Other tokens kept taking this name at the same time; try again.');
}

/** Revokes at once: the next request with the token is refused. Revoking twice is harmless. */
export async function revokeToken(id: string, accountId: string, now: Date = new Date()): Promise<TokenView> {
  const settings = await readSettings();
  const row = auditRowFor({ outcome: 'token_revoked', tokenId: id, actorAccountId: accountId }, settings.policy.auditRetentionDays, now);
  const { record } = await changeToken(id, (stored) => {
    if (revokedAtOf(stored.record, settings)) return undefined;
    return {
      next: { ...stored.record, revokedAt: now.toISOString() },
      also: { name: { nameHash: nameHashOf(stored.record.name), holder: null }, rows: [row] },
    };
  });
  return toTokenView(record, settings, now);
}

/**
 * A new secret with the same name and scope; the old token is revoked in the same write. The
 * new token follows the current policy: a scope it forbids is refused, and the expiry is
 * shortened to the policy's maximum lifetime from now (or set, if the policy requires one).
 */
export async function rotateToken(id: string, accountId: string, now: Date = new Date()): Promise<Minted> {
  const settings = await readSettings();
  const { policy } = settings;
  const token = generateToken();
  const newId = randomUUID();
  let fresh: TokenRecord | undefined;
  await changeToken(id, (stored) => {
    const old = stored.record;
    if (revokedAtOf(old, settings)) throw conflict('This token is revoked; create a new one instead.');
    if (old.expiresAt && Date.parse(old.expiresAt) <= now.getTime()) throw conflict('This token has expired; create a new one instead.');
    if (old.scope.anyWorkspace && !policy.allowAnyWorkspace) {
      throw validationError(
        [{ field: 'scope.anyWorkspace', message: 'the policy no longer allows tokens for any workspace' }],
        'The policy no longer allows tokens for any project or space: create a new token for the projects and spaces it needs.',
      );
    }
    const expiresAt = expiryWithin(old.expiresAt, settings, now);
    fresh = {
      id: newId,
      name: old.name,
      hint: tokenHint(token),
      scope: old.scope,
      createdAt: now.toISOString(),
      createdBy: accountId,
      ...(expiresAt ? { expiresAt } : {}),
      rotatedFrom: id,
      lineageCreatedAt: old.lineageCreatedAt ?? old.createdAt,
      version: 1,
    };
    const shortened = expiresAt !== old.expiresAt ? `; expiry set to ${expiresAt} by the policy` : '';
    const row = auditRowFor(
      { outcome: 'token_rotated', tokenId: id, actorAccountId: accountId, reason: `replaced by ${newId}${shortened}` },
      policy.auditRetentionDays,
      now,
    );
    return {
      next: { ...old, revokedAt: now.toISOString() },
      also: { insert: { hash: hashToken(token), record: fresh }, name: { nameHash: nameHashOf(old.name), holder: newId }, rows: [row] },
    };
  });
  if (!fresh) throw conflict('The token changed while it was being rotated; try again.');
  return { token, tokenView: toTokenView(fresh, settings, now) };
}

/**
 * For incidents: revokes every token at once by recording the time — each token whose rotation
 * chain began before it is revoked from then on, including one rotated while this runs. Counting
 * the tokens it revoked reads the list (a page of 100 per storage request); revoking them is one
 * write, whatever their number.
 */
export async function revokeAllTokens(accountId: string, now: Date = new Date()): Promise<number> {
  const settings = await readSettings();
  let revoked = 0;
  for await (const { record } of allTokens()) {
    if (!revokedAtOf(record, settings) && Date.parse(record.lineageCreatedAt ?? record.createdAt) <= now.getTime()) revoked++;
  }
  const row = auditRowFor(
    { outcome: 'tokens_revoked_all', actorAccountId: accountId, reason: `${revoked} token${revoked === 1 ? '' : 's'}`, count: revoked },
    settings.policy.auditRetentionDays,
    now,
  );
  // False only when a later revoke-all is recorded already: it revoked everything this one would.
  await writeRevocation(now.toISOString(), [row]);
  return revoked;
}

/** A rotated token's expiry: the old one, within the policy's maximum lifetime from now. */
function expiryWithin(expiresAt: string | undefined, settings: Settings, now: Date): string | undefined {
  const latest = now.getTime() + settings.policy.maxLifetimeDays * DAY_MS;
  if (expiresAt === undefined) return settings.policy.allowNeverExpires ? undefined : new Date(latest).toISOString();
  return Date.parse(expiresAt) > latest ? new Date(latest).toISOString() : expiresAt;
}

type Change = { next: TokenRecord; also?: Parameters<typeof updateToken>[3] };

/** Applies `change` to the latest version of a token, retrying when another write got there first. */
async function changeToken(
  id: string,
  change: (stored: StoredToken) => Change | undefined,
): Promise<{ record: TokenRecord; changed: boolean }> {
  for (let attempt = 0; attempt < UPDATE_ATTEMPTS; attempt++) {
    const stored = await findTokenById(id);
    if (!stored) throw notFound('No token with this id.');
    const planned = change(stored);
    if (!planned) return { record: stored.record, changed: false };
    if (await updateToken(stored.hash, stored.record.version, planned.next, planned.also)) {
      return { record: { ...planned.next, version: stored.record.version + 1 }, changed: true };
    }
  }
  throw conflict('The token kept changing while it was being updated; try again.');
}

/** Names are unique among live tokens regardless of case and surrounding spaces. */
function nameHashOf(name: string): string {
  return createHash('sha256').update(name.trim().toLowerCase()).digest('hex').slice(0, 40);
}
