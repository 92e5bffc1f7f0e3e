import { createHash, randomUUID } from 'node:crypto';
import { recordAudit } from '../audit/audit-log';
import { readPolicy } from '../platform/policy-store';
import { listSiteWorkspaces } from '../platform/site-workspaces';
import {
  claimTokenName,
  findTokenById,
  insertToken,
  listAllTokens,
  releaseTokenName,
  updateToken,
  type StoredToken,
  type TokenRecord,
} from '../platform/token-store';
import { KEY } from '../platform/storage-names';
import { conflict, notFound, validationError } from '../shared/domain-errors';
import type { CreateTokenInput, TokenView } from '../shared/tokens';
import { expiryProblems } from './expiry';
import { normalizeScope, scopeProblems } from './scope';
import { generateToken, hashToken, tokenHint } from './token-format';
import { toTokenView } from './token-view';

export type Minted = { token: string; tokenView: TokenView };

// A concurrent lastUsedAt write can win the version race; a few retries always get through.
const UPDATE_ATTEMPTS = 5;

export async function listTokens(now: Date = new Date()): Promise<TokenView[]> {
  return (await listAllTokens()).map(({ record }) => toTokenView(record, now));
}

/** Mints a token. The plaintext is in the answer and nowhere else: only its hash is stored. */
export async function createToken(input: CreateTokenInput, accountId: string, now: Date = new Date()): Promise<Minted> {
  const policy = await readPolicy();
  // Checked before normalising, so that field paths point into what the admin sent.
  const problems = [...expiryProblems(input.expiresAt, policy, now), ...scopeProblems(input.scope, policy, await listSiteWorkspaces())];
  if (problems.length > 0) throw validationError(problems);
  const scope = normalizeScope(input.scope);

  const id = randomUUID();
  const nameHash = nameHashOf(input.name);
  if (!(await claimTokenName(nameHash, id))) {
    throw validationError([{ field: 'name', message: 'a token that is not revoked already has this name' }]);
  }
  const token = generateToken();
  const record: TokenRecord = {
    id,
    name: input.name,
    hint: tokenHint(token),
    scope,
    createdAt: now.toISOString(),
    createdBy: accountId,
    ...(input.expiresAt ? { expiresAt: new Date(input.expiresAt).toISOString() } : {}),
    version: 1,
  };
  try {
    await insertToken(hashToken(token), record);
  } catch (error) {
    await releaseTokenName(nameHash, id);
    throw error;
  }
  await recordAudit({ outcome: 'token_created', tokenId: id, actorAccountId: accountId }, policy, now);
  return { token, tokenView: toTokenView(record, now) };
}

/** Revokes at once: the next request with the token is refused. Revoking twice is harmless. */
export async function revokeToken(id: string, accountId: string, now: Date = new Date()): Promise<TokenView> {
  return toTokenView((await revoke(id, accountId, now)).record, now);
}

async function revoke(id: string, accountId: string, now: Date): Promise<{ record: TokenRecord; changed: boolean }> {
  const revoked = await changeToken(id, (stored) => {
    if (stored.record.revokedAt) return undefined;
    return {
      next: { ...stored.record, revokedAt: now.toISOString() },
      also: { deleteKeys: [KEY.tokenName(nameHashOf(stored.record.name))] },
    };
  });
  if (revoked.changed) await recordAudit({ outcome: 'token_revoked', tokenId: id, actorAccountId: accountId }, await readPolicy(), now);
  return revoked;
}

/** A new secret with the same name, scope and expiry; the old token is revoked in the same write. */
export async function rotateToken(id: string, accountId: string, now: Date = new Date()): Promise<Minted> {
  const token = generateToken();
  const newId = randomUUID();
  let fresh: TokenRecord | undefined;
  await changeToken(id, (stored) => {
    if (stored.record.revokedAt) throw conflict('This token is revoked; create a new one instead.');
    if (stored.record.expiresAt && Date.parse(stored.record.expiresAt) <= now.getTime()) {
      throw conflict('This token has expired; create a new one instead.');
    }
    fresh = {
      id: newId,
      name: stored.record.name,
      hint: tokenHint(token),
      scope: stored.record.scope,
      createdAt: now.toISOString(),
      createdBy: accountId,
      ...(stored.record.expiresAt ? { expiresAt: stored.record.expiresAt } : {}),
      rotatedFrom: id,
      version: 1,
    };
    return {
      next: { ...stored.record, revokedAt: now.toISOString() },
      also: { insert: { hash: hashToken(token), record: fresh }, setKeys: [[KEY.tokenName(nameHashOf(stored.record.name)), newId]] },
    };
  });
  if (!fresh) throw conflict('The token changed while it was being rotated; try again.');
  await recordAudit(
    { outcome: 'token_rotated', tokenId: id, actorAccountId: accountId, reason: `replaced by ${newId}` },
    await readPolicy(),
    now,
  );
  return { token, tokenView: toTokenView(fresh, now) };
}

/** For incidents: revokes every token that is not revoked yet and says how many. */
export async function revokeAllTokens(accountId: string, now: Date = new Date()): Promise<number> {
  const live = (await listAllTokens()).filter(({ record }) => !record.revokedAt);
  let revoked = 0;
  for (const { record } of live) {
    if ((await revoke(record.id, accountId, now)).changed) revoked++;
  }
  return revoked;
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
