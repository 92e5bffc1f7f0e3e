import { Filter, FilterConditions, kvs } from '@forge/kvs';
import * as v from 'valibot';
import { DEFAULT_POLICY, PolicySchema, type Policy } from '../shared/tokens';
import { writeConditionally } from './kvs-errors';
import { ENTITY, KEY } from './storage-names';
import { withRows, type TransactionRow } from './transaction-rows';

/** The last revoke-all: tokens whose rotation chain began at or before `revokedBefore` are revoked. */
export type Revocation = { revokedBefore: string | null };

export type Settings = { policy: Policy; revocation: Revocation };

/** The policy and the last revoke-all, in one storage request. */
export async function readSettings(): Promise<Settings> {
  const { successfulKeys } = await kvs.batchGet<unknown>([{ key: KEY.policy }, { key: KEY.revocation, entityName: ENTITY.revocation }]);
  const found = (entityName?: string): unknown => successfulKeys.find((item) => item.entityName === entityName)?.value;
  return { policy: policyFrom(found()), revocation: revocationFrom(found(ENTITY.revocation)) };
}

export async function readPolicy(): Promise<Policy> {
  return policyFrom(await kvs.get(KEY.policy));
}

/** Writes the policy and `rows` (its audit event) together. */
export async function writePolicy(policy: Policy, rows: readonly TransactionRow[] = []): Promise<void> {
  await withRows(kvs.transact().set(KEY.policy, policy), rows).execute();
}

type StoredRevocation = { revokedBefore: string };

/**
 * Records a revoke-all at `at`, with `rows`, in one transaction — unless a later one is recorded
 * already (two at once: the later time stands, so no token it revoked comes back). False then.
 */
export async function writeRevocation(at: string, rows: readonly TransactionRow[] = []): Promise<boolean> {
  const earlier = new Filter<StoredRevocation>()
    .or('revokedBefore', FilterConditions.notExists())
    .or('revokedBefore', FilterConditions.lessThan(at));
  const transaction = kvs
    .transact()
    .set<StoredRevocation>(KEY.revocation, { revokedBefore: at }, { entityName: ENTITY.revocation, conditions: earlier });
  return writeConditionally(
    () => withRows(transaction, rows).execute(),
    async () => {
      const stored = await kvs.entity<StoredRevocation>(ENTITY.revocation).get(KEY.revocation);
      return stored === undefined || stored.revokedBefore < at;
    },
  );
}

/**
 * A stored policy from an older version may lack newer fields, or hold fields since renamed:
 * the known fields are kept, defaults fill in the rest.
 */
export function policyFrom(stored: unknown): Policy {
  const known = typeof stored === 'object' && stored !== null ? stored : {};
  const fields = Object.fromEntries(
    Object.keys(DEFAULT_POLICY)
      .filter((name) => name in known)
      .map((name) => [name, (known as Record<string, unknown>)[name]]),
  );
  const parsed = v.safeParse(PolicySchema, { ...DEFAULT_POLICY, ...fields });
  return parsed.success ? parsed.output : DEFAULT_POLICY;
}

export function revocationFrom(stored: unknown): Revocation {
  const at = (stored as { revokedBefore?: unknown } | undefined)?.revokedBefore;
  return { revokedBefore: typeof at === 'string' && !Number.isNaN(Date.parse(at)) ? at : null };
}
